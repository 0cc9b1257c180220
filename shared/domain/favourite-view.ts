import type { FavouriteStation, FavouriteView } from '../api/account-types.ts';
import type { DashboardStation } from './dashboard.ts';
import type { FuelCode } from './fuels.ts';

export interface StoredFavourite {
  stationId: string;
  name: string | null;
  addedAt: string;
  updatedAt: string;
}

/** A favourite with its station's current data (null when the station has no item), prices aged at `now`. */
export function favouriteView(
  fav: StoredFavourite,
  station: (DashboardStation & { cp: string; road: string }) | undefined,
  now: Date,
): FavouriteView {
  return { ...fav, station: station ? stationView(station, now) : null };
}

function stationView(s: DashboardStation & { cp: string; road: string }, now: Date): FavouriteStation {
  return {
    id: s.id,
    address: s.address,
    town: s.town,
    cp: s.cp,
    dept: s.dept,
    lat: s.lat,
    lon: s.lon,
    road: s.road,
    prices: s.prices.map((p) => ({
      fuel: p.fuel as FuelCode,
      price: p.price,
      updatedAt: p.updatedAt,
      ageHours: Math.round((now.getTime() - Date.parse(p.updatedAt)) / 360_000) / 10,
    })),
    outOfStock: s.outOfStock.map((o) => o.fuel as FuelCode),
    removedAt: s.removedAt ?? null,
  };
}
