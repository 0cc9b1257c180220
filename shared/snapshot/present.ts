import type {
  ApiPrice,
  ApiStationBase,
  ApiStationFlags,
  CurrentPriceStats,
  NearbyStation,
  RankedPrice,
  StationDetail,
} from '../api/types.ts';
import type { FuelCode } from '../domain/fuels.ts';
import { openNow } from '../domain/opening-hours.ts';
import { isStaleAge, priceAgeHours } from '../domain/price-age.ts';
import type { PriceRanks } from '../domain/ranking.ts';
import type { Price, Station, StationFlag } from '../domain/station.ts';
import { type FuelStats, NATIONAL } from '../domain/stats.ts';
import type { ParisClock } from '../domain/time.ts';
import { departementName } from '../places/departements.ts';
import type { NearbyHit } from './nearby.ts';

/** Station → response JSON (shared/api/types.ts). Ages and open-now are relative to the request time. */

const SUSPICIOUS_COORDS: ReadonlySet<StationFlag> = new Set([
  'coords-missing',
  'coords-swapped',
  'coords-unscaled',
  'coords-far-from-postcode',
  'coords-invalid',
]);

export function toApiPrice(p: Price, nowMs: number): ApiPrice {
  const ageHours = priceAgeHours(p.updatedAt, nowMs);
  return {
    fuel: p.fuel,
    fuelId: p.fuelId,
    price: p.price,
    updatedAt: p.updatedAt,
    ageHours,
    stale: isStaleAge(ageHours),
    outlier: p.outlier === true,
  };
}

function flags(station: Station, stalePrice: boolean): ApiStationFlags {
  return {
    stalePrice,
    suspiciousCoordinates: station.flags.some((f) => SUSPICIOUS_COORDS.has(f)),
    feed: [...station.flags],
  };
}

function base(station: Station, nowMs: number, clock: ParisClock, stalePrice: boolean): ApiStationBase {
  return {
    id: station.id,
    name: station.name ?? null,
    brand: station.brand ?? null,
    lat: station.lat,
    lon: station.lon,
    cp: station.cp,
    dept: station.dept,
    town: station.town,
    address: station.address,
    road: station.road,
    outOfStock: station.outOfStock.map((o) => o.fuel),
    openNow: openNow(station, nowMs, clock),
    automat24: station.hours?.automat24 === true,
    flags: flags(station, stalePrice),
  };
}

function byFuelId(a: Price, b: Price): number {
  return a.fuelId - b.fuelId;
}

export function toNearbyStation(hit: NearbyHit, nowMs: number, clock: ParisClock): NearbyStation {
  const prices = [...hit.station.prices].sort(byFuelId).map((p) => toApiPrice(p, nowMs));
  const price = hit.price ? (prices.find((p) => p.fuel === hit.price?.fuel) ?? null) : null;
  return {
    ...base(hit.station, nowMs, clock, price?.stale ?? false),
    distanceKm: Math.round(hit.distanceKm * 1000) / 1000,
    price,
    prices,
  };
}

export function toStationDetail(
  station: Station,
  ranks: { rank: PriceRanks['get'] },
  nowMs: number,
  clock: ParisClock,
): StationDetail {
  const prices: RankedPrice[] = [...station.prices]
    .sort(byFuelId)
    .map((p) => ({ ...toApiPrice(p, nowMs), rank: ranks.rank(station.id, p.fuel) }));
  return {
    ...base(
      station,
      nowMs,
      clock,
      prices.some((p) => p.stale),
    ),
    prices,
    outOfStockDetails: station.outOfStock,
    services: station.services,
    hours: station.hours,
    closure: station.closure ?? null,
  };
}

/**
 * The snapshot's current figures for some fuels: national rows, plus one département's or every one's, each
 * with its name ("Corrèze", "France") so the trends page shows no bare numbers.
 */
export function toCurrentStats(
  stats: readonly FuelStats[],
  fuels: readonly FuelCode[],
  dept?: string,
): CurrentPriceStats[] {
  return stats
    .filter((s) => fuels.includes(s.fuel as FuelCode) && (!dept || s.dept === dept || s.dept === NATIONAL))
    .map(({ fuel, dept, min, median, mean, count }) => ({
      fuel: fuel as FuelCode,
      dept,
      name: departementName(dept),
      min,
      median,
      mean,
      count,
    }));
}
