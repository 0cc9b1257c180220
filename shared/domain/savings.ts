/**
 * An honest savings estimate (pure). Per fuel, never mixing fuels:
 *
 *   perLitre   = baseline − cheapest favourite price          (€/L, may be ≤ 0: shown as it is)
 *   perFill    = perLitre × tankLitres
 *   perYear    = perLitre × yearlyKm × consumptionL100 / 100
 *
 * The baseline is the département median of the day (daily stats of the cheapest favourite's département)
 * when there is one, else the median of the favourites' own usable prices for that fuel. "Usable" includes
 * the reach: with a starting point, favourites beyond REACH_KM (detour.ts) count for neither. Prices older than
 * MAX_PRICE_AGE_DAYS never count. Worked examples: docs/ACCOUNTS.md and test/unit/account/savings.test.ts.
 */
import { median } from './stats.ts';

/** Prices older than this are shown but never ranked or used in a baseline (same rule as the daily stats). */
export const MAX_PRICE_AGE_DAYS = 7;

export type BaselineKind = 'dept-median' | 'favourites-median';

export interface Baseline {
  /** `dept-median`: the département's median of the day (daily stats); else the favourites' median. */
  kind: BaselineKind;
  price: number;
  /** For `dept-median`: which département and day; `count` = prices in the median. */
  dept: string | null;
  day: string | null;
  count: number;
}

/** One fuel's estimate as the dashboard shows it (shared/api/account-types.ts). */
export interface SavingsEstimate {
  /** The cheapest usable favourite price for the fuel. */
  cheapestPrice: number;
  cheapestStationId: string;
  baseline: Baseline;
  /** baseline − cheapest, €/L (negative when the cheapest favourite is above the baseline). */
  perLitre: number;
  tankLitres: number;
  /** perLitre × tankLitres, euros, 2 decimals. */
  perFill: number;
  /** yearlyKm × consumptionL100 / 100. */
  yearlyLitres: number;
  /** perLitre × yearlyLitres, euros, 2 decimals. */
  perYear: number;
}

export interface DeptMedian {
  dept: string;
  day: string;
  median: number;
  count: number;
}

/** The département median when known, else the median of the favourites' usable prices; null when none. */
export function chooseBaseline(
  deptMedian: DeptMedian | null,
  favouritePrices: readonly number[],
): Baseline | null {
  if (deptMedian && deptMedian.count > 0 && Number.isFinite(deptMedian.median)) {
    const { dept, day, median, count } = deptMedian;
    return { kind: 'dept-median', price: median, dept, day, count };
  }
  if (favouritePrices.length === 0) return null;
  return {
    kind: 'favourites-median',
    price: round3(median(favouritePrices)),
    dept: null,
    day: null,
    count: favouritePrices.length,
  };
}

export interface SavingsInput {
  cheapestPrice: number;
  baselinePrice: number;
  tankLitres: number;
  consumptionL100: number;
  yearlyKm: number;
}

export interface Savings {
  perLitre: number;
  perFill: number;
  yearlyLitres: number;
  perYear: number;
}

export function estimateSavings(i: SavingsInput): Savings {
  // Prices have three decimals: round the gap first so 1.799 − 1.729 is 0.07, not 0.07000000000000006.
  const perLitre = round3(i.baselinePrice - i.cheapestPrice);
  const yearlyLitres = round2((i.yearlyKm * i.consumptionL100) / 100);
  return {
    perLitre,
    perFill: round2(perLitre * i.tankLitres),
    yearlyLitres,
    perYear: round2(perLitre * yearlyLitres),
  };
}

export const round2 = (n: number) => Math.round(n * 100) / 100 + 0;
export const round3 = (n: number) => Math.round(n * 1000) / 1000 + 0;
