/**
 * Daily price statistics per département and fuel (pure). Outliers and stale prices are excluded: a price
 * counts when it is not flagged as an outlier, lies within plausible bounds, and is at most `maxAgeDays`
 * older than the reference time (the newest price of the feed, so an old feed gives meaningful figures too).
 */

/** Prices outside these bounds (€/L) never count, even when the reader did not flag them. */
export const PLAUSIBLE_PRICE = { min: 0.3, max: 5 } as const;
export const STATS_MAX_AGE_DAYS = 7;
/** The département code of the national row. */
export const NATIONAL = 'FR';

export interface PriceSample {
  dept: string;
  fuel: string;
  price: number;
  /** Epoch milliseconds of the price's date. */
  at: number;
  outlier?: boolean;
  /** The station's canonical brand (issue 16), for trends split by brand; null or absent without one. */
  brand?: string | null;
}

export interface FuelStats {
  dept: string;
  fuel: string;
  count: number;
  min: number;
  max: number;
  median: number;
  mean: number;
}

/** The median of numbers (the mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Rounds to 3 decimals (prices are given to the tenth of a cent). */
function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** One row per (département, fuel) that has at least one counted price, plus national rows (dept 'FR'). */
export function computeStats(
  samples: Iterable<PriceSample>,
  referenceMs: number,
  maxAgeDays = STATS_MAX_AGE_DAYS,
): FuelStats[] {
  const oldest = referenceMs - maxAgeDays * 86_400_000;
  const groups = new Map<string, { dept: string; fuel: string; prices: number[] }>();
  const add = (dept: string, fuel: string, price: number) => {
    const key = `${dept}#${fuel}`;
    const g = groups.get(key);
    if (g) g.prices.push(price);
    else groups.set(key, { dept, fuel, prices: [price] });
  };
  for (const s of samples) {
    if (
      s.outlier ||
      !Number.isFinite(s.price) ||
      s.price < PLAUSIBLE_PRICE.min ||
      s.price > PLAUSIBLE_PRICE.max
    ) {
      continue;
    }
    if (!(s.at >= oldest && s.at <= referenceMs + 86_400_000)) continue;
    if (s.dept) add(s.dept, s.fuel, s.price);
    add(NATIONAL, s.fuel, s.price);
  }
  return [...groups.values()]
    .map(({ dept, fuel, prices }) => ({
      dept,
      fuel,
      count: prices.length,
      min: prices.reduce((a, b) => Math.min(a, b)),
      max: prices.reduce((a, b) => Math.max(a, b)),
      median: round3(median(prices)),
      mean: round3(prices.reduce((a, b) => a + b, 0) / prices.length),
    }))
    .sort((a, b) => a.dept.localeCompare(b.dept) || a.fuel.localeCompare(b.fuel));
}
