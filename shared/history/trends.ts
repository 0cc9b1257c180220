import { dayOfYear } from '../domain/calendar.ts';
import type { FuelCode } from '../domain/fuels.ts';
import { FRESHNESS, isComparableAt } from '../domain/price-age.ts';
import type { Station } from '../domain/station.ts';
import { NATIONAL, PLAUSIBLE_PRICE } from '../domain/stats.ts';
import { parisInstant } from '../domain/time.ts';
import type { StationYear, StoredTrend, TrendYear } from './types.ts';

/**
 * Daily trends of a year from its stations, as the backfill reads them one at a time (docs/HISTORY.md,
 * "Backfill"). A station's end-of-day price for a fuel on a Paris day is its last unflagged change at or before
 * 24:00 that day (Paris time, so 23- and 25-hour DST days are right); it counts only when that change is at most
 * FRESHNESS.comparableDays old at 24:00, as the live daily statistics count prices against the feed time
 * (shared/domain/stats.ts). The figure of a (département or `FR`, fuel, day) is the exact median of the prices
 * that count, in millièmes (a half millième when two middle values differ), with how many counted.
 *
 * Memory: one Uint16 per day per station and fuel with a counted day (732 bytes for 366 days), in blocks of
 * BLOCK_ROWS stations per (département, fuel): ~28 MB for 10,000 stations with ~3.8 fuels each, linear in the
 * stations and independent of how many changes the year holds (a station's changes are read once, in `add`).
 * Days after the Paris day of the newest change seen have no figure (a current year's file stops before
 * December; carrying its last prices on would invent days).
 */

const BLOCK_ROWS = 32;
/** Millièmes that count: unflagged points are already plausible; this keeps the Uint16 cells safe anyway. */
const MIN_MILLIEMES = Math.round(PLAUSIBLE_PRICE.min * 1000);
const MAX_MILLIEMES = Math.round(PLAUSIBLE_PRICE.max * 1000);

/** The end-of-day prices of one (département, fuel): row-major blocks, `days` cells a station, 0 = none. */
interface Rows {
  blocks: Uint16Array[];
  rows: number;
}

/** The Paris days of one year: how many, and where each ends. */
interface Calendar {
  year: number;
  days: number;
  /** Start of each Paris day of the year and of the next 1 January, epoch seconds (`days + 1` entries). */
  bounds: Float64Array;
}

function calendar(year: number): Calendar {
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
  const bounds = new Float64Array(days + 1);
  for (let d = 0; d <= days; d++) {
    bounds[d] = parisInstant(dayOfYear(year, d), 0, 0).getTime() / 1000;
  }
  return { year, days, bounds };
}

export class TrendAccumulator {
  /** Set by the first station added: every station of a run belongs to the same year. */
  private cal: Calendar | null = null;
  private row = new Uint16Array(0);
  private readonly groups = new Map<string, Map<FuelCode, Rows>>();
  /** Epoch seconds of the newest point seen (flagged or not): how far the file goes. */
  private newest = Number.NEGATIVE_INFINITY;

  /** Adds one station's year (its stored, flagged series); `station` gives the département as the feed has it. */
  add(station: Station, year: StationYear): void {
    if (!this.cal) {
      this.cal = calendar(year.year);
      this.row = new Uint16Array(this.cal.days);
    }
    if (year.year !== this.cal.year) {
      throw new Error(`station ${year.station}: year ${year.year} in a run of ${this.cal.year}`);
    }
    const dept = station.dept || year.dept;
    for (const [fuel, series] of Object.entries(year.series) as [
      FuelCode,
      StationYear['series'][FuelCode],
    ][]) {
      if (!series || series.t.length === 0) continue;
      if (this.endOfDayPrices(this.cal, series.t, series.p, series.f) === 0) continue;
      if (dept) this.push(dept, fuel);
      this.push(NATIONAL, fuel);
    }
  }

  /** One object per département with a counted day (and `FR`), each fuel's median and count per day. */
  finish(year: number): TrendYear[] {
    const cal = this.cal;
    if (!cal) return [];
    if (year !== cal.year) throw new Error(`trends of ${cal.year} asked for ${year}`);
    // Days after the newest change's Paris day get no figure (a current year's file stops before December).
    let lastDay = cal.days - 1;
    while (lastDay >= 0 && (cal.bounds[lastDay] as number) > this.newest) lastDay--;
    const out: TrendYear[] = [];
    const scratch = new Uint16Array(this.maxRows());
    for (const dept of [...this.groups.keys()].sort()) {
      const fuels = this.groups.get(dept) as Map<FuelCode, Rows>;
      const series: TrendYear['series'] = {};
      for (const fuel of [...fuels.keys()].sort()) {
        const trend = dailyMedians(cal.days, fuels.get(fuel) as Rows, scratch, lastDay);
        if (trend.count.some((c) => c > 0)) series[fuel] = trend;
      }
      if (Object.keys(series).length > 0) out.push({ v: 1, year, dept, series });
    }
    return out;
  }

  /**
   * Fills `this.row` with a series' end-of-day prices (0 where none counts) and returns how many days count.
   * `t` is delta-coded epoch seconds (StoredSeries), oldest first.
   */
  private endOfDayPrices(
    cal: Calendar,
    t: readonly number[],
    p: readonly number[],
    f: readonly number[] | undefined,
  ): number {
    const row = this.row;
    row.fill(0);
    let i = 0;
    let at = 0;
    let lastAt = Number.NaN;
    let lastPrice = 0;
    let counted = 0;
    for (let d = 0; d < cal.days; d++) {
      const end = cal.bounds[d + 1] as number;
      while (i < t.length) {
        const next = at + (t[i] as number);
        if (next > end) break;
        at = next;
        if (!f || f[i] === 0 || f[i] === undefined) {
          lastAt = at;
          lastPrice = p[i] as number;
        }
        i++;
      }
      if (
        lastPrice >= MIN_MILLIEMES &&
        lastPrice <= MAX_MILLIEMES &&
        isComparableAt(lastAt * 1000, end * 1000, FRESHNESS.comparableDays)
      ) {
        row[d] = lastPrice;
        counted++;
      }
    }
    // The newest point (the series is oldest first), even past the year, tells how far the file goes.
    for (; i < t.length; i++) at += t[i] as number;
    if (at > this.newest) this.newest = at;
    return counted;
  }

  /** Appends `this.row` to the rows of (dept, fuel). */
  private push(dept: string, fuel: FuelCode): void {
    let fuels = this.groups.get(dept);
    if (!fuels) {
      fuels = new Map();
      this.groups.set(dept, fuels);
    }
    let rows = fuels.get(fuel);
    if (!rows) {
      rows = { blocks: [], rows: 0 };
      fuels.set(fuel, rows);
    }
    const slot = rows.rows % BLOCK_ROWS;
    if (slot === 0) rows.blocks.push(new Uint16Array(BLOCK_ROWS * this.row.length));
    (rows.blocks.at(-1) as Uint16Array).set(this.row, slot * this.row.length);
    rows.rows++;
  }

  private maxRows(): number {
    let max = 0;
    for (const fuels of this.groups.values())
      for (const rows of fuels.values()) max = Math.max(max, rows.rows);
    return max;
  }
}

/** Per day up to `lastDay`, the exact median of the rows' non-zero cells and how many there are. */
function dailyMedians(days: number, rows: Rows, scratch: Uint16Array, lastDay: number): StoredTrend {
  const median: (number | null)[] = new Array(days).fill(null);
  const count: number[] = new Array(days).fill(0);
  for (let d = 0; d <= lastDay; d++) {
    let n = 0;
    let left = rows.rows;
    for (const block of rows.blocks) {
      const inBlock = Math.min(left, BLOCK_ROWS);
      for (let r = 0; r < inBlock; r++) {
        const value = block[r * days + d] as number;
        if (value > 0) scratch[n++] = value;
      }
      left -= inBlock;
    }
    if (n === 0) continue;
    const sorted = scratch.subarray(0, n).sort();
    const mid = n >> 1;
    median[d] = n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    count[d] = n;
  }
  return { median, count };
}
