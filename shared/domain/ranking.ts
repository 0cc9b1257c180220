import type { FuelCode } from './fuels.ts';
import { comparedWindowPhrase, FRESHNESS, isComparableAt } from './price-age.ts';
import type { Price } from './station.ts';
import { PLAUSIBLE_PRICE } from './stats.ts';

/**
 * Where a station's price stands that day: its rank among comparable prices of the same fuel, nationally
 * and in its département. Comparable = the prices the statistics count (shared/domain/stats.ts): not an
 * outlier, within plausible bounds, and updated at most RANK_WINDOW_DAYS before the feed time. Built once
 * per snapshot (a sort per fuel and département), then each lookup is a map read. The window is the one of
 * price-age.ts; the words for it are `comparedWindowPhrase` there (dated when the feed is old).
 */
export const RANK_WINDOW_DAYS = FRESHNESS.comparableDays;

/** The station page's note under its ranks: which prices they are among, dated when the feed is old. */
export function rankNote(feedTime: string | null | undefined, nowMs: number): string {
  return `Classement : rang parmi les prix mis à jour ${comparedWindowPhrase(feedTime, nowMs)} (1er = le moins cher).`;
}

/** 1 = cheapest; equal prices share a rank (competition ranking: 1, 1, 3). */
export interface Rank {
  rank: number;
  of: number;
}

export interface PriceRank {
  national: Rank;
  dept: Rank;
}

export interface RankableStation {
  id: string;
  dept: string;
  prices: readonly Price[];
}

/** True when a price takes part in ranks and statistics at `referenceMs` (normally the feed time). */
export function isComparablePrice(p: Price, referenceMs: number, windowDays = RANK_WINDOW_DAYS): boolean {
  if (p.outlier || !(p.price >= PLAUSIBLE_PRICE.min && p.price <= PLAUSIBLE_PRICE.max)) return false;
  return isComparableAt(Date.parse(p.updatedAt), referenceMs, windowDays);
}

export interface PriceRanks {
  /** The rank of a station's price for a fuel, or null when that price is not comparable (or absent). */
  get(stationId: string, fuel: FuelCode): PriceRank | null;
  /** How many comparable prices each fuel has nationally. */
  readonly counts: ReadonlyMap<FuelCode, number>;
}

/** Number of values strictly below `x` in an ascending array. */
function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function buildPriceRanks(
  stations: readonly RankableStation[],
  referenceMs: number,
  windowDays = RANK_WINDOW_DAYS,
): PriceRanks {
  // Pass 1: the comparable prices, grouped by fuel and by département + fuel.
  const groups = new Map<string, number[]>();
  const push = (key: string, price: number) => {
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
    }
    list.push(price);
  };
  for (const s of stations) {
    for (const p of s.prices) {
      if (!isComparablePrice(p, referenceMs, windowDays)) continue;
      push(p.fuel, p.price);
      push(`${s.dept}#${p.fuel}`, p.price);
    }
  }
  const sorted = new Map<string, Float64Array>();
  for (const [key, list] of groups) sorted.set(key, Float64Array.from(list).sort());

  // Pass 2: each comparable price's position in its two groups.
  const ranks = new Map<string, PriceRank>();
  const counts = new Map<FuelCode, number>();
  for (const s of stations) {
    for (const p of s.prices) {
      if (!isComparablePrice(p, referenceMs, windowDays)) continue;
      const national = sorted.get(p.fuel) as Float64Array;
      const dept = sorted.get(`${s.dept}#${p.fuel}`) as Float64Array;
      counts.set(p.fuel, national.length);
      ranks.set(`${s.id}#${p.fuel}`, {
        national: { rank: countBelow(national, p.price) + 1, of: national.length },
        dept: { rank: countBelow(dept, p.price) + 1, of: dept.length },
      });
    }
  }
  return { get: (stationId, fuel) => ranks.get(`${stationId}#${fuel}`) ?? null, counts };
}
