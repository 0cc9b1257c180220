/**
 * GET /api/trends (issue 18): daily medians per fuel since 2007, from the backfilled archive joined with the
 * ingest's live daily rows (shared/history/trend-series.ts, docs/API.md).
 */
import type { FuelCode } from '../domain/fuels.ts';
import type { TrendPoint, TrendResolution } from '../history/trend-series.ts';

export type { TrendPoint, TrendResolution, TrendSource } from '../history/trend-series.ts';

export interface TrendsResponse {
  /** Département code, or 'FR' for the national medians. */
  dept: string;
  /** The range served: `to` is at most today (Paris). */
  from: string;
  to: string;
  /** 'week' when the range is longer than `weeklyBeyondDays`: weekly medians of the daily medians. */
  resolution: TrendResolution;
  weeklyBeyondDays: number;
  /** What the archive holds, whatever the range: committed years and their first and last days (null: empty). */
  archive: { years: number[]; firstDay: string | null; lastDay: string | null };
  series: { fuel: FuelCode; points: TrendPoint[] }[];
}
