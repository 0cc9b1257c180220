/**
 * Daily price statistics per département and fuel (pure). Outliers and stale prices are excluded: a price
 * counts when it is not flagged as an outlier, lies within plausible bounds, and is at most `maxAgeDays`
 * older than the reference time (the newest price of the feed, so an old feed gives meaningful figures too).
 */

import { foldName } from './names.ts';
import { FRESHNESS, isComparableAt } from './price-age.ts';

/** Prices outside these bounds (€/L) never count, even when the reader did not flag them. */
export const PLAUSIBLE_PRICE = { min: 0.3, max: 5 } as const;
const STATS_MAX_AGE_DAYS = FRESHNESS.comparableDays;
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
    if (!isComparableAt(s.at, referenceMs, maxAgeDays)) continue;
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

/**
 * Which brands get daily figures (issue 16, trends split by brand), and how many rows that may be: brands with
 * at least `minPrices` counted prices of one fuel nationally (about that many stations), the `maxBrands`
 * largest; for each, the national row of every fuel and the département rows with at least `minDeptCount`
 * prices (fewer is one or two stations' prices, not a trend). At most 25 × 6 × (1 + 101) = 15,300 rows a day,
 * ~150 bytes each; on the real 2026-06-05 feed with the OSM names file, 18 brands and 1,825 rows (docs/API.md).
 */
const BRAND_DAILY_STATS = { minPrices: 30, maxBrands: 25, minDeptCount: 5 } as const;

/** One brand's row: the brand as the lookup key (folded, names.ts `foldName`) and as shown. */
export interface BrandFuelStats extends FuelStats {
  brandKey: string;
  brand: string;
}

/** The daily figures of the brands that qualify (BRAND_DAILY_STATS), over the samples that carry a brand. */
export function computeBrandStats(
  samples: Iterable<PriceSample>,
  referenceMs: number,
  bounds: { minPrices: number; maxBrands: number; minDeptCount: number } = BRAND_DAILY_STATS,
): BrandFuelStats[] {
  const groups = new Map<string, { samples: PriceSample[]; spellings: Map<string, number> }>();
  for (const s of samples) {
    const brand = s.brand?.trim();
    const key = brand ? foldName(brand) : '';
    if (!brand || !key) continue;
    let g = groups.get(key);
    if (!g) {
      g = { samples: [], spellings: new Map() };
      groups.set(key, g);
    }
    g.samples.push(s);
    g.spellings.set(brand, (g.spellings.get(brand) ?? 0) + 1);
  }
  const ranked = [...groups]
    .map(([key, g]) => {
      const rows = computeStats(g.samples, referenceMs);
      const size = Math.max(0, ...rows.filter((r) => r.dept === NATIONAL).map((r) => r.count));
      const [brand] = [...g.spellings].sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : 1))[0] as [
        string,
        number,
      ];
      return { key, brand, rows, size };
    })
    .filter((b) => b.size >= bounds.minPrices)
    .sort((a, b) => b.size - a.size || (a.key < b.key ? -1 : 1))
    .slice(0, bounds.maxBrands);
  return ranked.flatMap(({ key, brand, rows }) =>
    rows
      .filter((r) => r.dept === NATIONAL || r.count >= bounds.minDeptCount)
      .map((r) => ({ ...r, brandKey: key, brand })),
  );
}
