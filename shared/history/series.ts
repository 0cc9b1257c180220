import type { FuelCode } from '../domain/fuels.ts';
import type { Station } from '../domain/station.ts';
import { PLAUSIBLE_PRICE } from '../domain/stats.ts';
import { parisInstant } from '../domain/time.ts';
import { BACKFILL } from '../platform.ts';
import { FLAG_CODES } from './format.ts';
import type { StationYear, StoredSeries } from './types.ts';

/** Flag codes of StoredSeries.f, from format.ts's table. */
const NONE = 0;
const OUTLIER = FLAG_CODES.indexOf('outlier');
const REVERTED = FLAG_CODES.indexOf('reverted');
const REVERTED_WITHIN_S = BACKFILL.revertedWithinMinutes * 60;

interface Change {
  s: number;
  m: number;
  outlier: boolean;
}

/**
 * A station of a yearly archive, read with `keepEveryPrice` (every `<prix>`, in any order) → its StationYear:
 * per fuel, changes sorted by instant, identical (instant, price) stored once, suspect ones flagged (kept and
 * served, left out of statistics). Of the changes before the year only the last is kept: the price carried
 * into it. null when the station has no price at all.
 */
export function stationYear(station: Station, year: number): StationYear | null {
  const byFuel = new Map<FuelCode, Change[]>();
  for (const price of station.prices) {
    const ms = Date.parse(price.updatedAt);
    if (Number.isNaN(ms)) continue;
    let changes = byFuel.get(price.fuel);
    if (!changes) {
      changes = [];
      byFuel.set(price.fuel, changes);
    }
    changes.push({
      s: Math.floor(ms / 1000),
      m: Math.round(price.price * 1000),
      outlier: price.outlier === true,
    });
  }
  if (byFuel.size === 0) return null;
  const yearStart = parisInstant(`${year}-01-01`, 0, 0).getTime() / 1000;
  const series: StationYear['series'] = {};
  for (const [fuel, changes] of byFuel) series[fuel] = toSeries(changes, yearStart);
  return { v: 1, station: station.id, year, dept: station.dept, series };
}

function toSeries(changes: Change[], yearStart: number): StoredSeries {
  changes.sort((a, b) => a.s - b.s); // stable: equal instants stay in file order
  let first = 0;
  while (first + 1 < changes.length && (changes[first + 1] as Change).s < yearStart) first++;
  const kept: Change[] = [];
  for (let i = first; i < changes.length; i++) {
    const c = changes[i] as Change;
    const last = kept[kept.length - 1];
    if (last && last.s === c.s && last.m === c.m) continue;
    kept.push(c);
  }
  const t: number[] = [];
  const p: number[] = [];
  const f: number[] = [];
  let flagged = false;
  let previous = 0;
  for (let i = 0; i < kept.length; i++) {
    const c = kept[i] as Change;
    t.push(c.s - previous);
    previous = c.s;
    p.push(c.m);
    const code = flagOf(kept, i);
    f.push(code);
    if (code) flagged = true;
  }
  return flagged ? { t, p, f } : { t, p };
}

/** A typo in the feed: out of the plausible range, or a change B undone (back to A) within minutes. */
function flagOf(kept: readonly Change[], i: number): number {
  const c = kept[i] as Change;
  const euros = c.m / 1000;
  if (c.outlier || euros < PLAUSIBLE_PRICE.min || euros > PLAUSIBLE_PRICE.max) return OUTLIER;
  const before = kept[i - 1];
  const after = kept[i + 1];
  if (before && after && before.m === after.m && c.m !== before.m && after.s - c.s <= REVERTED_WITHIN_S) {
    return REVERTED;
  }
  return NONE;
}
