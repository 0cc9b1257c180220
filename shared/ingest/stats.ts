import type { BatchWriteOptions } from '../db/batch.ts';
import type { Table } from '../db/client.ts';
import { replaceDailyBrandStats, replaceDailyStats } from '../db/daily-stats.ts';
import { computeBrandStats, computeStats, type PriceSample } from '../domain/stats.ts';
import { parisDay } from '../domain/time.ts';

export interface StatsResult {
  /** Paris date of the feed's newest price: the day the figures describe. */
  day: string;
  /** Rows of the day: per département and fuel, and per brand (issue 16: `brandRows` of them). */
  rows: number;
  brandRows: number;
  /** Rows written or deleted because their figures changed. */
  changed: number;
}

/**
 * Recomputes the day's statistics from the published feed (per département and fuel, and per brand) and
 * writes the rows that changed. The day and the
 * 7-day freshness window are taken from the feed's newest price, not the clock, so re-ingesting an old feed
 * gives that day's figures.
 */
export async function publishDailyStats(
  table: Table,
  samples: readonly PriceSample[],
  feedTime: string | null,
  runId: string,
  now: Date,
  options?: BatchWriteOptions,
): Promise<StatsResult> {
  const reference = feedTime ? Date.parse(feedTime) : now.getTime();
  const day = parisDay(reference);
  const rows = computeStats(samples, reference);
  const written = await replaceDailyStats(table, day, rows, runId, options);
  // Trends split by brand: only the brands with enough stations (BRAND_DAILY_STATS bounds the rows).
  const brandRows = computeBrandStats(samples, reference);
  const brandWritten = await replaceDailyBrandStats(table, day, brandRows, runId, options);
  return {
    day,
    rows: rows.length + brandRows.length,
    brandRows: brandRows.length,
    changed: written.changed + brandWritten.changed,
  };
}
