import { parisDay } from '../domain/time.ts';
import type { ArchivePoint } from './types.ts';

/**
 * How a station's history is served over a range, so that a response stays small whatever the period
 * (docs/API.md, "Downsampling"). The rule depends only on the range's length in days:
 *
 * | range            | resolution | one point per                                                |
 * | ---------------- | ---------- | ------------------------------------------------------------ |
 * | ≤ 400 days       | `change`   | price change, flagged ones included (with `flag`)            |
 * | ≤ 1,900 days     | `day`      | Paris day with changes: its last price, min, max, changes    |
 * | beyond           | `week`     | ISO week (Monday to Sunday, Paris time) with changes: idem   |
 *
 * 1,900 days is five years and a bit, so "5 ans" is served by day. In a bucket, flagged changes count in
 * `changes` but never set `price`, `min` or `max`; a bucket whose changes are all flagged has no point (its
 * changes are still in the series' totals). Never silent: the series says its resolution, how many changes
 * the range held and how many of them are flagged.
 */
export type Resolution = 'change' | 'day' | 'week';

export const DOWNSAMPLING = { everyChangeUpToDays: 400, dailyUpToDays: 1900 } as const;

export function resolutionFor(rangeDays: number): Resolution {
  if (rangeDays <= DOWNSAMPLING.everyChangeUpToDays) return 'change';
  return rangeDays <= DOWNSAMPLING.dailyUpToDays ? 'day' : 'week';
}

/** A served point: a change, or a bucket's last unflagged change with the bucket's figures. */
export interface SampledPoint extends ArchivePoint {
  min?: number;
  max?: number;
  changes?: number;
}

export interface Sampled {
  resolution: Resolution;
  /** Changes in the range, flagged ones included. */
  changes: number;
  flagged: number;
  points: SampledPoint[];
}

/** The Monday (YYYY-MM-DD) of the ISO week of a Paris date. */
function isoMonday(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // 0 = Monday
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/** `points`: one fuel's changes in the range, oldest first (shared/history/changes.ts). */
export function downsample(points: readonly ArchivePoint[], resolution: Resolution): Sampled {
  const flagged = points.filter((p) => p.flag).length;
  if (resolution === 'change') return { resolution, changes: points.length, flagged, points: [...points] };
  const bucketOf =
    resolution === 'day'
      ? (p: ArchivePoint) => parisDay(Date.parse(p.at))
      : (p: ArchivePoint) => isoMonday(parisDay(Date.parse(p.at)));
  const out: SampledPoint[] = [];
  let key: string | null = null;
  let count = 0;
  let last: SampledPoint | null = null;
  const close = () => {
    if (last) out.push({ ...last, changes: count });
  };
  for (const p of points) {
    const k = bucketOf(p);
    if (k !== key) {
      close();
      key = k;
      count = 0;
      last = null;
    }
    count++;
    if (p.flag) continue;
    last = last
      ? {
          at: p.at,
          price: p.price,
          min: Math.min(last.min ?? p.price, p.price),
          max: Math.max(last.max ?? p.price, p.price),
        }
      : { at: p.at, price: p.price, min: p.price, max: p.price };
  }
  close();
  return { resolution, changes: points.length, flagged, points: out };
}
