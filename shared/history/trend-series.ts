import { dayRange } from '../domain/calendar.ts';
import type { FuelCode } from '../domain/fuels.ts';
import { median } from '../domain/stats.ts';

/**
 * GET /api/trends (issue 18): the archive's daily medians joined with the ingest's live daily rows, and the
 * weekly downsampling of long ranges. Pure: the handler reads, this decides.
 */

export type TrendSource = 'archive' | 'live';
export type TrendResolution = 'day' | 'week';

/** One day's (or week's) median of a fuel, in euros, with how many stations counted and where it comes from. */
export interface TrendPoint {
  /** YYYY-MM-DD (Paris); at week resolution the week's Monday, or `from` for a week that starts before it. */
  day: string;
  median: number;
  /** Stations counted (at week resolution: the median of the week's daily counts). */
  count: number;
  source: TrendSource;
}

export interface DayFigure {
  day: string;
  median: number;
  count: number;
}

/** Ranges longer than this many days are served as weekly medians (about two years of days per fuel). */
export const WEEKLY_BEYOND_DAYS = 731;
/** Live daily rows are read for at most this many days, the last of the range (a bounded BatchGetItem). */
export const LIVE_MAX_DAYS = 400;

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Days from `from` to `to`, both included. */
function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
}

export function resolutionFor(from: string, to: string): TrendResolution {
  return daysBetween(from, to) > WEEKLY_BEYOND_DAYS ? 'week' : 'day';
}

/**
 * The days whose live rows are worth reading: the last LIVE_MAX_DAYS of the range, minus the days a committed
 * archive year covers (the archive wins there, see joinDaily).
 */
export function liveDays(
  from: string,
  to: string,
  covered: readonly { firstDay: string | null; lastDay: string | null }[],
): string[] {
  const count = Math.min(daysBetween(from, to), LIVE_MAX_DAYS);
  if (count <= 0) return [];
  const inArchive = (d: string) =>
    covered.some((c) => c.firstDay !== null && c.lastDay !== null && c.firstDay <= d && d <= c.lastDay);
  return dayRange(to, count).filter((d) => !inArchive(d));
}

/**
 * One fuel's daily points, oldest first, one per day. Where a day is in both, the archive wins: it is the
 * median of every station's end-of-day price, computed once the day is over, while a live row is whatever the
 * day's last ingest run saw (possibly mid-day, if the ingest stopped). Figures that are not numbers are dropped.
 */
export function joinDaily(archive: readonly DayFigure[], live: readonly DayFigure[]): TrendPoint[] {
  const byDay = new Map<string, TrendPoint>();
  for (const [source, list] of [
    ['live', live],
    ['archive', archive],
  ] as const) {
    for (const f of list) {
      if (!Number.isFinite(f.median)) continue;
      byDay.set(f.day, { day: f.day, median: f.median, count: f.count, source });
    }
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Monday of the ISO week of `day`. */
function mondayOf(day: string): string {
  const t = dayMs(day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Weekly medians of daily points (ISO weeks), labelled with the week's Monday (`from` if the week starts
 * before the range). A week is 'live' as soon as one of its days is: the boundary week shows where live days begin.
 */
export function weekly(points: readonly TrendPoint[], from: string): TrendPoint[] {
  const weeks = new Map<string, TrendPoint[]>();
  for (const p of points) {
    const key = mondayOf(p.day);
    const list = weeks.get(key);
    if (list) list.push(p);
    else weeks.set(key, [p]);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([monday, list]) => ({
      day: monday < from ? from : monday,
      median: round4(median(list.map((p) => p.median))),
      count: Math.round(median(list.map((p) => p.count))),
      source: list.some((p) => p.source === 'live') ? 'live' : 'archive',
    }));
}

/** Every asked fuel's series over [from, to], at the resolution the range length gives. */
export function trendSeries(options: {
  from: string;
  to: string;
  fuels: readonly FuelCode[];
  archive: ReadonlyMap<FuelCode, readonly DayFigure[]>;
  live: readonly (DayFigure & { fuel: FuelCode })[];
}): { resolution: TrendResolution; series: { fuel: FuelCode; points: TrendPoint[] }[] } {
  const { from, to } = options;
  const resolution = resolutionFor(from, to);
  const inRange = (f: DayFigure) => from <= f.day && f.day <= to;
  return {
    resolution,
    series: options.fuels.map((fuel) => {
      const daily = joinDaily(
        (options.archive.get(fuel) ?? []).filter(inRange),
        options.live.filter((r) => r.fuel === fuel && inRange(r)),
      );
      return { fuel, points: resolution === 'week' ? weekly(daily, from) : daily };
    }),
  };
}
