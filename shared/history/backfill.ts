import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dayOfYear } from '../domain/calendar.ts';
import { parisInstant } from '../domain/time.ts';
import { FeedError } from '../feed/errors.ts';
import { parseFeed } from '../feed/read.ts';
import { BACKFILL } from '../platform.ts';
import { FLAG_CODES } from './format.ts';
import { stationYear } from './series.ts';
import {
  commitYear,
  deleteGeneration,
  type HistoryStore,
  newGeneration,
  putTrendYear,
  readPointer,
  StationBatches,
} from './store.ts';
import { TrendAccumulator } from './trends.ts';
import type { BackfillProgress, BackfillSummary, PointFlag, StationYear, YearPointer } from './types.ts';

/**
 * One year of the official archives into the history (docs/HISTORY.md, "Backfill"): the file is hashed, then
 * read once as a stream; the station-years are written in batches of BACKFILL.stationsPerObject as the
 * `<pdv>`s end (never more than BACKFILL.writeConcurrency writes in flight, so memory does not grow with the
 * file), then the batches' index and the trends, and the year's pointer last. Until then readers see the previous generation; on any failure the partial
 * generation is deleted and the pointer is untouched.
 */
export interface BackfillOptions {
  store: HistoryStore;
  /** The archive's year; default: read from the start of the file (the newest date among its first prices). */
  year?: number;
  /** About once a second while reading, and once at the end. */
  onProgress?: (progress: BackfillProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

const PROGRESS_EVERY_MS = 1000;
/** How much of the file the year is guessed from: a few hundred stations' prices. */
const YEAR_PROBE_BYTES = 1024 * 1024;

export async function runBackfill(file: string, options: BackfillOptions): Promise<BackfillSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const { store } = options;
  const { size } = await stat(file);
  const sha256 = await fileSha256(file);
  const year = options.year ?? (await probeYear(file));
  const previous = await readPointer(store, year);
  const base = { year, sourceSha256: sha256, sourceBytes: size };
  if (previous?.sourceSha256 === sha256) {
    return {
      ...base,
      outcome: 'unchanged',
      generation: previous.generation,
      stations: previous.stations,
      changes: previous.changes,
      flagged: previous.flagged,
      objectsWritten: 0,
      bytesWritten: 0,
      objectsDeleted: 0,
      durationMs: Math.round(performance.now() - started),
    };
  }

  const generation = newGeneration(now());
  const trends = new TrendAccumulator();
  const writes = new WriteQueue(BACKFILL.writeConcurrency);
  const batches = new StationBatches(store, generation, year);
  const flagged: Record<PointFlag, number> = { outlier: 0, reverted: 0 };
  let stations = 0;
  let changes = 0;
  let inYear = 0;
  let bytes = 0;
  let lastProgress = 0;
  const progress = (): BackfillProgress => {
    const elapsedMs = performance.now() - started;
    return {
      bytes,
      totalBytes: size,
      stations,
      changes,
      elapsedMs: Math.round(elapsedMs),
      mbPerSecond: elapsedMs > 0 ? bytes / 1e6 / (elapsedMs / 1000) : 0,
    };
  };
  const yearStart = parisInstant(`${year}-01-01`, 0, 0).getTime() / 1000;
  const yearEnd = parisInstant(`${year + 1}-01-01`, 0, 0).getTime() / 1000;
  try {
    await parseFeed(createReadStream(file, { highWaterMark: 1024 * 1024 }), {
      keepEveryPrice: true,
      // The file is local: the download already capped the ZIP; a bare XML is as large as its inflated text.
      maxInputBytes: BACKFILL.maxInflatedBytes,
      maxInflatedBytes: BACKFILL.maxInflatedBytes,
      maxRejects: 20,
      signal: options.signal,
      onBytes: (chunk) => {
        bytes += chunk.length;
        const t = performance.now();
        if (options.onProgress && t - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = t;
          options.onProgress(progress());
        }
      },
      onStation: (station) => {
        // Every station of the file counts; one without any price has no object.
        stations++;
        const obj = stationYear(station, year);
        if (!obj) return;
        const counts = countPoints(obj, yearStart, yearEnd);
        changes += counts.points;
        inYear += counts.inYear;
        flagged.outlier += counts.flagged.outlier;
        flagged.reverted += counts.flagged.reverted;
        trends.add(station, obj);
        const write = batches.add(obj);
        if (write) return writes.add(write);
      },
    });
    const last = batches.flush();
    if (last) await writes.add(last);
    await writes.drain();
    // A file of another year would overwrite this year's history with the wrong days: refuse it.
    if (changes > 0 && inYear * 2 < changes) {
      throw new Error(
        `WRONG_YEAR: only ${inYear} of the file's ${changes} price changes fall in ${year}; pass --year`,
      );
    }
    const trendYears = trends.finish(year);
    await writes.add(() => batches.writeIndex());
    for (const trend of trendYears) await writes.add(() => putTrendYear(store, generation, trend));
    await writes.drain();
    const days = trendDays(trendYears, year);
    const pointer: YearPointer = {
      v: 1,
      year,
      generation,
      sourceSha256: sha256,
      stations,
      changes,
      flagged,
      depts: trendYears.map((t) => t.dept),
      firstDay: days.first,
      lastDay: days.last,
      committedAt: now().toISOString(),
    };
    const pointerBytes = await commitYear(store, pointer);
    options.onProgress?.(progress());
    const objectsDeleted = previous ? await deleteGeneration(store, year, previous.generation) : 0;
    return {
      ...base,
      outcome: 'written',
      generation,
      stations,
      changes,
      flagged,
      objectsWritten: writes.count + 1,
      bytesWritten: writes.bytes + pointerBytes,
      objectsDeleted,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    await writes.settle();
    // Best effort: an orphan generation is invisible (no pointer names it) and the next run replaces it.
    await deleteGeneration(store, year, generation).catch(() => 0);
    throw error;
  }
}

/** Points of a station-year, those in the year itself (not the carried price) and the flagged ones. */
function countPoints(obj: StationYear, yearStart: number, yearEnd: number) {
  const flagged: Record<PointFlag, number> = { outlier: 0, reverted: 0 };
  let points = 0;
  let inYear = 0;
  for (const s of Object.values(obj.series)) {
    if (!s) continue;
    let at = 0;
    for (let i = 0; i < s.t.length; i++) {
      at += s.t[i] as number;
      points++;
      if (at >= yearStart && at < yearEnd) inYear++;
      const flag = FLAG_CODES[s.f?.[i] ?? 0];
      if (flag) flagged[flag]++;
    }
  }
  return { points, inYear, flagged };
}

/** The first and last day of the year with a national figure. */
function trendDays(trendYears: readonly { dept: string; series: object }[], year: number) {
  const national = trendYears.find((t) => t.dept === 'FR') as
    | { series: Record<string, { count: number[] } | undefined> }
    | undefined;
  let first = -1;
  let last = -1;
  for (const s of Object.values(national?.series ?? {})) {
    if (!s) continue;
    s.count.forEach((c, d) => {
      if (c > 0) {
        if (first < 0 || d < first) first = d;
        if (d > last) last = d;
      }
    });
  }
  return { first: first < 0 ? null : dayOfYear(year, first), last: last < 0 ? null : dayOfYear(year, last) };
}

/** At most `limit` writes in flight: `add` resolves once the new write may start, so the reader waits. */
class WriteQueue {
  count = 0;
  bytes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  async add(write: () => Promise<number>): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const p: Promise<void> = write().then(
      (n) => {
        this.count++;
        this.bytes += n;
        this.inFlight.delete(p);
      },
      (error: unknown) => {
        this.failure ??= error;
        this.inFlight.delete(p);
      },
    );
    this.inFlight.add(p);
  }

  async drain(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure;
  }

  /** Waits for every write in flight, whatever their outcome. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
  return hash.digest('hex');
}

/** The newest year among the dates of the file's first prices: a yearly file's own year. */
async function probeYear(file: string): Promise<number> {
  let newest = 0;
  let bytes = 0;
  // Parsing the start as a feed (ZIP or XML) reads dates as the backfill will.
  const probe = new AbortController();
  try {
    await parseFeed(createReadStream(file, { highWaterMark: 64 * 1024 }), {
      keepEveryPrice: true,
      maxInputBytes: BACKFILL.maxInflatedBytes,
      maxInflatedBytes: BACKFILL.maxInflatedBytes,
      signal: probe.signal,
      onBytes: (chunk) => {
        bytes += chunk.length;
        if (bytes > YEAR_PROBE_BYTES) probe.abort();
      },
      onStation: (station) => {
        for (const p of station.prices) {
          const y = Number(p.updatedAt.slice(0, 4));
          if (y > newest) newest = y;
        }
      },
    });
  } catch (error) {
    if (!(error instanceof FeedError && error.code === 'ABORTED')) throw error;
  }
  if (!newest) throw new Error('NO_YEAR: no dated price at the start of the file; pass --year');
  return newest;
}

export interface DownloadOptions {
  /** Default: BACKFILL.yearUrl(year), or the env BACKFILL_URL_TEMPLATE with `{year}` (local tests). */
  url?: string;
  signal?: AbortSignal;
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * Downloads a year's archive into `dir` and returns the file. Refuses what is not a ZIP before keeping
 * anything: an empty body (the next year's URL answers one), an HTML page, an over-large body.
 */
export async function downloadYear(
  year: number,
  dir: string,
  options: DownloadOptions = {},
): Promise<string> {
  const template = process.env.BACKFILL_URL_TEMPLATE;
  const url = options.url ?? (template ? template.replace('{year}', String(year)) : BACKFILL.yearUrl(year));
  const res = await fetch(url, { signal: options.signal }).catch((error: unknown) => {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`DOWNLOAD: could not download ${url}: ${cause}`, { cause: error });
  });
  if (!res.ok) throw new FeedError('NOT_A_ZIP', `${url} answered HTTP ${res.status}`);
  if (!res.body) throw new FeedError('EMPTY', `${url} answered no body: no archive for ${year} yet`);
  const file = join(dir, `annee-${year}.zip`);
  let seen = 0;
  const head: number[] = [];
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = 0; i < chunk.length && head.length < 4; i++) head.push(chunk[i] as number);
      if (head.length === 4 && ZIP_SIGNATURE.some((b, i) => head[i] !== b)) {
        const text = new TextDecoder('latin1').decode(chunk.subarray(0, 200)).trim();
        return done(
          new FeedError(
            'NOT_A_ZIP',
            `${url} is not a ZIP: ${/^<|<html/i.test(text) ? 'an HTML page' : JSON.stringify(text.slice(0, 40))}`,
          ),
        );
      }
      seen += chunk.length;
      if (seen > BACKFILL.maxInputBytes)
        return done(new FeedError('TOO_LARGE', `${url} is over ${BACKFILL.maxInputBytes} bytes`));
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as never), check, createWriteStream(file));
    if (seen === 0) throw new FeedError('EMPTY', `${url} answered an empty body: no archive for ${year} yet`);
    if (seen < 4) throw new FeedError('NOT_A_ZIP', `${url} is not a ZIP (${seen} bytes)`);
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return file;
}
