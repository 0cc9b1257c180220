import type KDBush from 'kdbush';
import { nearestStations } from '../domain/demo.ts';
import type { FuelCode } from '../domain/fuels.ts';
import { distanceKm } from '../domain/geo.ts';
import { foldName } from '../domain/names.ts';
import { openNow } from '../domain/opening-hours.ts';
import type { Price, Station } from '../domain/station.ts';
import type { ParisClock } from '../domain/time.ts';

/** A kd-tree over stations: `geoStations[i]` is the station of item i (IndexedSnapshot, or a GeoView once loaded). */
export interface GeoIndex {
  readonly geo: KDBush;
  readonly geoStations: readonly (Station | undefined)[];
}

/** Length of one degree of latitude (and of longitude at the equator) on the mean sphere, km. */
const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

export interface NearbyQuery {
  lat: number;
  lon: number;
  radiusKm: number;
  fuel: FuelCode | null;
  sort: 'distance' | 'price';
  /** Only stations known to be open now (unknown hours are left out). */
  openNow: boolean;
  /**
   * Only stations where the requested fuel is not reported out of stock. Either way a station that does not
   * sell the fuel (no price, no shortage of it) is never listed for it.
   */
  inStock: boolean;
  road: 'R' | 'A' | null;
  /** Only stations of these canonical brands (compared folded, names.ts `foldName`); none or empty: any. */
  brands?: readonly string[];
}

export interface NearbyHit {
  station: Station;
  distanceKm: number;
  /** The requested fuel's price, if the station has one. */
  price: Price | null;
}

/**
 * Every station within the radius that passes the filters, sorted: by distance, or by the requested fuel's
 * price (then distance) with the stations that have no usable price for it (none, or an outlier) last.
 * The caller pages the result. Cost: a kd-tree walk of the radius plus a sort of what is inside it.
 */
export function findNearby(
  snap: GeoIndex,
  q: NearbyQuery,
  nowMs: number,
  clock: ParisClock,
  ids: readonly number[] = nearbyItems(snap.geo, q),
): NearbyHit[] {
  const hits: NearbyHit[] = [];
  const brands = q.brands?.length ? new Set(q.brands.map(foldName)) : null;
  for (const id of ids) {
    const station = snap.geoStations[id];
    if (!station) continue;
    const d = distanceKm(q.lat, q.lon, station.lat as number, station.lon as number);
    if (d > q.radiusKm) continue;
    if (q.road && station.road !== q.road) continue;
    if (brands && !(station.brand && brands.has(foldName(station.brand)))) continue;
    if (q.fuel && !listedFor(station, q.fuel, q.inStock)) continue;
    if (q.openNow && openNow(station, nowMs, clock) !== true) continue;
    const price = q.fuel ? (station.prices.find((p) => p.fuel === q.fuel) ?? null) : null;
    hits.push({ station, price, distanceKm: d });
  }
  if (q.sort === 'price') hits.sort(byPriceThenDistance);
  else hits.sort(byDistance);
  return hits;
}

/**
 * The tree items `findNearby` looks at: a bounding-box range query (then it keeps those within the exact
 * great-circle distance). (geokdbush's `around` finds the same set already ordered, but allocates a queue entry
 * per point and node; we sort ourselves anyway, by price or by distance.)
 */
export function nearbyItems(geo: KDBush, q: Pick<NearbyQuery, 'lat' | 'lon' | 'radiusKm'>): number[] {
  const dLat = q.radiusKm / KM_PER_DEGREE;
  const dLon = q.radiusKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  return geo.range(q.lon - dLon, q.lat - dLat, q.lon + dLon, q.lat + dLat);
}

/**
 * Tree items that include every station within `maxKm` (great circle) of the point and within `maxKm / 111`
 * degrees of its latitude (what `nearestStations` of shared/domain/demo.ts keeps): its exact tests then run
 * on these only. The longitude half-width of a spherical cap is asin(sin(r/R) / cos φ), widened a little for
 * rounding; a cap reaching a pole or the antimeridian takes every longitude.
 */
function demoItems(geo: KDBush, lat: number, lon: number, maxKm: number): number[] {
  const dLat = maxKm / 111 + 1e-9;
  const angle = maxKm / 6371.0088;
  const s = Math.sin(angle) / Math.cos((lat * Math.PI) / 180);
  const dLon = s < 1 ? (Math.asin(s) * 180) / Math.PI : Number.POSITIVE_INFINITY;
  const margin = dLon * 1e-6 + 1e-9;
  const wrap = !(Math.abs(lat) + (angle * 180) / Math.PI < 90) || Math.abs(lon) + dLon + margin >= 180;
  return wrap
    ? geo.range(-180, lat - dLat, 180, lat + dLat)
    : geo.range(lon - dLon - margin, lat - dLat, lon + dLon + margin, lat + dLat);
}

/**
 * `nearestStations` (shared/domain/demo.ts) over a tree whose stations load shard by shard: the candidates are
 * ranked by distance from the tree's own coordinates, and shards are fetched nearest first, only until the
 * `n` nearest priced stations are settled (every candidate as near as the last one is loaded): the answer is
 * `nearestStations` of the whole snapshot, for one or two shards instead of every one within `maxKm`.
 */
export async function nearestLoaded(
  view: GeoIndex & { load(items: Iterable<number>): Promise<void> },
  lat: number,
  lon: number,
  n: number,
  maxKm: number,
): Promise<ReturnType<typeof nearestStations>> {
  const { ids, coords } = view.geo;
  const at = new Uint32Array(ids.length); // item → its place in the tree's (sorted) arrays
  for (let j = 0; j < ids.length; j++) at[ids[j] as number] = j;
  const near: { item: number; km: number }[] = [];
  for (const item of demoItems(view.geo, lat, lon, maxKm)) {
    const sLon = coords[2 * (at[item] as number)] as number;
    const sLat = coords[2 * (at[item] as number) + 1] as number;
    // The same tests, on the same numbers, as nearestStations.
    if (Math.abs(sLat - lat) > maxKm / 111) continue;
    const km = distanceKm(lat, lon, sLat, sLon);
    if (km <= maxKm) near.push({ item, km });
  }
  near.sort((a, b) => a.km - b.km);
  let k = 0;
  let priced = 0;
  while (k < near.length) {
    const { item } = near[k] as { item: number };
    await view.load([item]);
    if (view.geoStations[item]?.prices.length) priced++;
    k++;
    if (
      priced >= n &&
      (k === near.length || (near[k] as { km: number }).km > (near[k - 1] as { km: number }).km)
    )
      break;
  }
  const loaded = near.slice(0, k).flatMap(({ item }) => view.geoStations[item] ?? []);
  return nearestStations(loaded, lat, lon, n, maxKm);
}

/**
 * With a fuel chosen, a station is listed only if it sells it (issue 17): it has a price for it, or it
 * reports a passing shortage of it, and those only when the stock filter is off. A station with no price and
 * no shortage does not sell the fuel; a definitive shortage without a price means it no longer does.
 */
function listedFor(station: Station, fuel: FuelCode, inStock: boolean): boolean {
  const shortage = station.outOfStock.find((o) => o.fuel === fuel);
  if (shortage)
    return !inStock && (shortage.type !== 'definitive' || station.prices.some((p) => p.fuel === fuel));
  return station.prices.some((p) => p.fuel === fuel);
}

function usable(p: Price | null): p is Price {
  return p !== null && !p.outlier;
}

function byDistance(a: NearbyHit, b: NearbyHit): number {
  return a.distanceKm - b.distanceKm || (a.station.id < b.station.id ? -1 : 1);
}

function byPriceThenDistance(a: NearbyHit, b: NearbyHit): number {
  const pa = usable(a.price);
  const pb = usable(b.price);
  if (pa !== pb) return pa ? -1 : 1;
  if (pa && pb) {
    const d = (a.price as Price).price - (b.price as Price).price;
    if (d !== 0) return d;
  }
  return byDistance(a, b);
}
