import { mapLimit } from '../concurrency.ts';
import { dayOfYear } from '../domain/calendar.ts';
import type { FuelCode } from '../domain/fuels.ts';
import { parisInstant } from '../domain/time.ts';
import { BACKFILL } from '../platform.ts';
import { decodeSeries } from './format.ts';
import { parisYear, yearRange } from './state-machine.ts';
import {
  batchOfStation,
  getStationIndex,
  getTrendYear,
  type HistoryStore,
  readPointer,
  stationInBatch,
} from './store.ts';
import type { ArchivePoint, StationYear, YearPointer } from './types.ts';

export interface ArchiveReaderOptions {
  /** How long the years' pointers are trusted before being read again. Default 60 s. */
  pointerTtlMs?: number;
  now?: () => number;
}

export interface TrendDay {
  /** Paris date, YYYY-MM-DD. */
  day: string;
  /** Median of the stations' end-of-day prices, euros. */
  median: number;
  count: number;
}

export interface ArchiveReader {
  /**
   * Every stored change of a station at `fromMs <= instant < toMs`, per fuel (all fuels when `fuels` is null),
   * oldest first; a point stored in two years (the price carried into a year) comes once. Fuels without a
   * point are absent.
   */
  points(
    stationId: string,
    fuels: readonly FuelCode[] | null,
    fromMs: number,
    toMs: number,
  ): Promise<Map<FuelCode, ArchivePoint[]>>;
  /** Daily medians of a département (or `FR`) from `fromDay` to `toDay` inclusive, days without a figure left out. */
  trends(
    dept: string,
    fuels: readonly FuelCode[],
    fromDay: string,
    toDay: string,
  ): Promise<Map<FuelCode, TrendDay[]>>;
  /** The committed years, oldest first. */
  years(): Promise<YearPointer[]>;
}

/** S3 reads in flight at once for one call: a range of 19 years must not open 19 sockets per request. */
const READS_IN_FLIGHT = 4;

/** Reads the backfilled history (docs/HISTORY.md): only the committed generation of the years in range. */
export function archiveReader(store: HistoryStore, options: ArchiveReaderOptions = {}): ArchiveReader {
  const ttl = options.pointerTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; pointers: Promise<YearPointer[]> } | null = null;

  const years = (): Promise<YearPointer[]> => {
    const at = now();
    if (cached && at - cached.at < ttl) return cached.pointers;
    const all = yearRange(BACKFILL.firstYear, parisYear(new Date(at)));
    const pointers = mapLimit(all, READS_IN_FLIGHT, (year) => readPointer(store, year)).then((found) =>
      found.filter((p): p is YearPointer => p !== null),
    );
    const entry = { at, pointers };
    cached = entry;
    // A failed read is not cached: the next call tries again.
    pointers.catch(() => {
      if (cached === entry) cached = null;
    });
    return pointers;
  };

  // A generation never changes once written: its index is kept for the life of the instance (~150 KB a year).
  const indexes = new Map<string, Promise<Map<string, number>>>();
  const indexOf = (p: YearPointer): Promise<Map<string, number>> => {
    const key = `${p.year}/${p.generation}`;
    let index = indexes.get(key);
    if (!index) {
      index = getStationIndex(store, p.year, p.generation).then((i) => (i ? batchOfStation(i) : new Map()));
      indexes.set(key, index);
      index.catch(() => indexes.delete(key));
    }
    return index;
  };
  const stationYear = async (p: YearPointer, stationId: string): Promise<StationYear | null> =>
    stationInBatch(store, p.year, p.generation, await indexOf(p), stationId);

  return {
    years,

    async points(stationId, fuels, fromMs, toMs) {
      const inRange = (await years()).filter(
        (p) => yearStartMs(p.year) < toMs && yearStartMs(p.year + 1) > fromMs,
      );
      const objects = await mapLimit(inRange, READS_IN_FLIGHT, (p) => stationYear(p, stationId));
      const out = new Map<FuelCode, ArchivePoint[]>();
      const seen = new Map<FuelCode, Set<string>>();
      for (const obj of objects) {
        if (!obj) continue;
        for (const [fuel, series] of Object.entries(obj.series) as [
          FuelCode,
          (typeof obj.series)[FuelCode],
        ][]) {
          if (!series || (fuels && !fuels.includes(fuel))) continue;
          for (const point of decodeSeries(series)) {
            const ms = Date.parse(point.at);
            if (ms < fromMs || ms >= toMs) continue;
            const key = `${point.at}|${point.price}`;
            let keys = seen.get(fuel);
            if (!keys) {
              keys = new Set();
              seen.set(fuel, keys);
            }
            if (keys.has(key)) continue;
            keys.add(key);
            let list = out.get(fuel);
            if (!list) {
              list = [];
              out.set(fuel, list);
            }
            list.push(point);
          }
        }
      }
      // Years are read oldest first; sorting (stable) only matters if a year's carried point came out of order.
      for (const list of out.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      return out;
    },

    async trends(dept, fuels, fromDay, toDay) {
      const fromYear = Number(fromDay.slice(0, 4));
      const toYear = Number(toDay.slice(0, 4));
      const inRange = (await years()).filter(
        (p) => p.year >= fromYear && p.year <= toYear && p.depts.includes(dept),
      );
      const objects = await mapLimit(inRange, READS_IN_FLIGHT, (p) =>
        getTrendYear(store, p.year, p.generation, dept),
      );
      const out = new Map<FuelCode, TrendDay[]>();
      for (const obj of objects) {
        if (!obj) continue;
        for (const fuel of fuels) {
          const trend = obj.series[fuel];
          if (!trend) continue;
          let list = out.get(fuel);
          for (let i = 0; i < trend.median.length; i++) {
            const median = trend.median[i];
            if (median === null || median === undefined) continue;
            const day = dayOfYear(obj.year, i);
            if (day < fromDay || day > toDay) continue;
            if (!list) {
              list = [];
              out.set(fuel, list);
            }
            list.push({ day, median: median / 1000, count: trend.count[i] ?? 0 });
          }
        }
      }
      return out;
    },
  };
}

/** 1 January 00:00 in Paris of a year, epoch ms. */
function yearStartMs(year: number): number {
  return parisInstant(`${year}-01-01`, 0, 0).getTime();
}
