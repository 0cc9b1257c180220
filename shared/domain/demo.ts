/**
 * The demo dashboard (pure parts): a made-up driver with the few stations nearest to a chosen place as
 * "favourites". Nothing is stored; GET /api/demo/dashboard builds it from the published snapshot.
 */

import { REACH_KM } from './detour.ts';
import { FUELS, type FuelCode } from './fuels.ts';
import { distanceKm } from './geo.ts';
import type { Station } from './station.ts';

export const DEMO = {
  /** How many stations the demo follows, and how far it looks for them: the dashboard's reach. */
  stations: 5,
  maxKm: REACH_KM,
  /** How many fuels the demo follows: the ones most of those stations sell. */
  fuels: 2,
  tankLitres: 50,
  consumptionL100: 6.5,
  yearlyKm: 12_000,
} as const;

/** The `n` stations with coordinates and at least one price nearest to the point, within `maxKm`. */
export function nearestStations(
  stations: readonly Station[],
  lat: number,
  lon: number,
  n: number = DEMO.stations,
  maxKm: number = DEMO.maxKm,
): { station: Station; km: number }[] {
  const found: { station: Station; km: number }[] = [];
  for (const station of stations) {
    if (station.lat === null || station.lon === null || station.prices.length === 0) continue;
    // A cheap box test first: 1° of latitude is 111 km, so anything further in latitude is out.
    if (Math.abs(station.lat - lat) > maxKm / 111) continue;
    const km = distanceKm(lat, lon, station.lat, station.lon);
    if (km <= maxKm) found.push({ station, km });
  }
  return found.sort((a, b) => a.km - b.km || a.station.id.localeCompare(b.station.id)).slice(0, n);
}

/** The fuels most of the stations price (ties in the feed's fuel order); Gazole and E10 when none. */
export function demoFuels(
  stations: readonly Pick<Station, 'prices'>[],
  count: number = DEMO.fuels,
): FuelCode[] {
  const counts = FUELS.map((f) => ({
    code: f.code,
    n: stations.filter((s) => s.prices.some((p) => p.fuel === f.code)).length,
  }));
  const ranked = counts.filter((c) => c.n > 0).sort((a, b) => b.n - a.n);
  const picked = ranked.slice(0, count).map((c) => c.code);
  return picked.length ? picked : ['Gazole', 'E10'];
}
