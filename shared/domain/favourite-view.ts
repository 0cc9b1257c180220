import type { DashboardStation } from './dashboard.ts';
import type { FuelCode } from './fuels.ts';

/** The station's current data as the table has it (the last ingest that changed it). */
export interface FavouriteStation {
  id: string;
  /** The OpenStreetMap name (© OpenStreetMap contributors, ODbL), or null; the favourite's own `name` is the user's. */
  name: string | null;
  /** The canonical brand, or null. */
  brand: string | null;
  address: string;
  town: string;
  cp: string;
  dept: string;
  lat: number | null;
  lon: number | null;
  road: string;
  prices: { fuel: FuelCode; price: number; updatedAt: string; ageHours: number }[];
  /** Fuels the feed reports out of stock. */
  outOfStock: FuelCode[];
  /** Set when the station left the feed (it is kept so favourites still resolve). */
  removedAt: string | null;
}

export interface FavouriteView {
  stationId: string;
  /** The user's own name for it (1–40 characters), or null. */
  name: string | null;
  addedAt: string;
  updatedAt: string;
  /** null when the station is no longer in the table. */
  station: FavouriteStation | null;
}

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
    name: s.name ?? null,
    brand: s.brand ?? null,
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
