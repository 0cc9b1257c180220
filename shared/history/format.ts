import { parisIsoOf } from '../domain/time.ts';
import type { ArchivePoint, PointFlag, StoredSeries } from './types.ts';

/** Flag codes in StoredSeries.f: index = code (0 none). The one table of them (series.ts, backfill.ts). */
export const FLAG_CODES: readonly (PointFlag | undefined)[] = [undefined, 'outlier', 'reverted'];
const codeOf = (flag: PointFlag | undefined): number => (flag ? FLAG_CODES.indexOf(flag) : 0);

/**
 * ArchivePoints (oldest first) → the stored columns: epoch seconds delta-coded, prices in millièmes, flag
 * codes only when a point is flagged. Integers only, so the gzip JSON stays small (docs/HISTORY.md).
 */
export function encodeSeries(points: readonly ArchivePoint[]): StoredSeries {
  const t: number[] = [];
  const p: number[] = [];
  const f: number[] = [];
  let previous = 0;
  let flagged = false;
  for (const point of points) {
    const seconds = Math.floor(Date.parse(point.at) / 1000);
    t.push(seconds - previous);
    previous = seconds;
    p.push(Math.round(point.price * 1000));
    f.push(codeOf(point.flag));
    if (point.flag) flagged = true;
  }
  return flagged ? { t, p, f } : { t, p };
}

/** The stored columns → ArchivePoints: Paris ISO instants with their offset, euros, flags when set. */
export function decodeSeries(s: StoredSeries): ArchivePoint[] {
  const out: ArchivePoint[] = [];
  let seconds = 0;
  for (let i = 0; i < s.t.length; i++) {
    seconds += s.t[i] ?? 0;
    const point: ArchivePoint = { at: parisIsoOf(seconds * 1000), price: (s.p[i] ?? 0) / 1000 };
    const flag = FLAG_CODES[s.f?.[i] ?? 0];
    if (flag) point.flag = flag;
    out.push(point);
  }
  return out;
}
