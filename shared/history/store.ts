import { randomBytes } from 'node:crypto';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';
import { BACKFILL } from '../platform.ts';
import { getGzipJson, putGzipJson } from '../s3.ts';
import { historyKeys } from './keys.ts';
import type { StationBatch, StationIndex, StationYear, TrendYear, YearPointer } from './types.ts';

/** Where the backfilled history is kept: the data bucket (docs/HISTORY.md, "Storage"). */
export interface HistoryStore {
  s3: S3Client;
  bucket: string;
}

/** DeleteObjects takes at most this many keys a call. */
const DELETE_BATCH = 1000;

/** A new generation's name: sortable by time, unique across concurrent runs (e.g. 20261202T120000Z-9f3a1c). */
export function newGeneration(now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+/, '').replace(/[-:]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** The committed generation of a year; null when the year was never backfilled. */
export async function readPointer(store: HistoryStore, year: number): Promise<YearPointer | null> {
  return (await getOrNull(store, historyKeys.pointer(year))) as YearPointer | null;
}

/** Which batch holds which station in a generation; null when the generation has no index. */
export async function getStationIndex(
  store: HistoryStore,
  year: number,
  generation: string,
): Promise<StationIndex | null> {
  return (await getOrNull(store, historyKeys.index(year, generation))) as StationIndex | null;
}

/** One batch of station-years of a generation; null when it is missing. */
async function getStationBatch(
  store: HistoryStore,
  year: number,
  generation: string,
  batch: number,
): Promise<StationBatch | null> {
  return (await getOrNull(store, historyKeys.stations(year, generation, batch))) as StationBatch | null;
}

/** The batch number of each station of an index. */
export function batchOfStation(index: StationIndex): Map<string, number> {
  const out = new Map<string, number>();
  index.batches.forEach((ids, batch) => {
    for (const id of ids) out.set(id, batch);
  });
  return out;
}

/** A station-year of a generation (its index, then its batch); null when that station has none in it. */
export async function getStationYear(
  store: HistoryStore,
  year: number,
  generation: string,
  stationId: string,
): Promise<StationYear | null> {
  const index = await getStationIndex(store, year, generation);
  return stationInBatch(store, year, generation, index ? batchOfStation(index) : new Map(), stationId);
}

/** A station-year from the batch `batchOf` (an index's batchOfStation) names for it; null when none does. */
export async function stationInBatch(
  store: HistoryStore,
  year: number,
  generation: string,
  batchOf: ReadonlyMap<string, number>,
  stationId: string,
): Promise<StationYear | null> {
  const batch = batchOf.get(stationId);
  if (batch === undefined) return null;
  const obj = await getStationBatch(store, year, generation, batch);
  return obj?.stations.find((s) => s.station === stationId) ?? null;
}

/** A département's (or `FR`'s) trends of a generation; null when it has none. */
export async function getTrendYear(
  store: HistoryStore,
  year: number,
  generation: string,
  dept: string,
): Promise<TrendYear | null> {
  return (await getOrNull(store, historyKeys.trend(year, generation, dept))) as TrendYear | null;
}

/**
 * A generation's station-years in objects of BACKFILL.stationsPerObject (fewer when they reach
 * BACKFILL.changesPerObject), in the order they come (a file's order: memory holds one batch, never the
 * year), then the index of which batch holds which station. Each write is handed to the caller as a function,
 * so the caller decides how many run at once.
 */
export class StationBatches {
  private readonly store: HistoryStore;
  private readonly generation: string;
  private readonly year: number;
  private current: StationYear[] = [];
  private changes = 0;
  private readonly batches: string[][] = [];

  constructor(store: HistoryStore, generation: string, year: number) {
    this.store = store;
    this.generation = generation;
    this.year = year;
  }

  /** Adds a station-year; returns the write of its batch when that batch is full. */
  add(obj: StationYear): (() => Promise<number>) | null {
    if (obj.year !== this.year) throw new Error(`station ${obj.station}: year ${obj.year} in ${this.year}`);
    this.current.push(obj);
    for (const series of Object.values(obj.series)) this.changes += series?.t.length ?? 0;
    const full =
      this.current.length >= BACKFILL.stationsPerObject || this.changes >= BACKFILL.changesPerObject;
    return full ? this.flush() : null;
  }

  /** The write of the last, partial batch (null if none). */
  flush(): (() => Promise<number>) | null {
    if (this.current.length === 0) return null;
    const obj: StationBatch = { v: 1, year: this.year, batch: this.batches.length, stations: this.current };
    this.batches.push(this.current.map((s) => s.station));
    this.current = [];
    this.changes = 0;
    return () => putJson(this.store, historyKeys.stations(this.year, this.generation, obj.batch), obj);
  }

  /** Writes the index: after every batch is stored, so an index never names a missing batch. */
  writeIndex(): Promise<number> {
    const index: StationIndex = { v: 1, year: this.year, batches: this.batches };
    return putJson(this.store, historyKeys.index(this.year, this.generation), index);
  }
}

/** Writes station-years of one year under a (not yet committed) generation, batches then index. Returns bytes. */
export async function putStationYears(
  store: HistoryStore,
  generation: string,
  year: number,
  objs: readonly StationYear[],
): Promise<number> {
  const batches = new StationBatches(store, generation, year);
  let bytes = 0;
  for (const obj of objs) bytes += (await batches.add(obj)?.()) ?? 0;
  bytes += (await batches.flush()?.()) ?? 0;
  return bytes + (await batches.writeIndex());
}

const putJson = (store: HistoryStore, key: string, obj: object) =>
  putGzipJson(store.s3, store.bucket, key, JSON.stringify(obj), {});

export function putTrendYear(store: HistoryStore, generation: string, obj: TrendYear): Promise<number> {
  return putJson(store, historyKeys.trend(obj.year, generation, obj.dept), obj);
}

/**
 * Makes a generation the year's history by writing its pointer, after every object of it is stored: a PUT
 * replaces the object whole, so readers see the old generation or the new one, never a mix.
 */
export function commitYear(store: HistoryStore, pointer: YearPointer): Promise<number> {
  return putGzipJson(store.s3, store.bucket, historyKeys.pointer(pointer.year), JSON.stringify(pointer), {
    generation: pointer.generation,
  });
}

/** Deletes every object of a generation (a replaced one, or the partial one of a failed run). Returns how many. */
export async function deleteGeneration(
  store: HistoryStore,
  year: number,
  generation: string,
): Promise<number> {
  const prefix = historyKeys.generation(year, generation);
  let deleted = 0;
  let token: string | undefined;
  let batch: ObjectIdentifier[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const res = await store.s3.send(
      new DeleteObjectsCommand({ Bucket: store.bucket, Delete: { Objects: batch, Quiet: true } }),
    );
    const failed = res.Errors ?? [];
    if (failed.length > 0) {
      throw new Error(
        `could not delete ${failed.length} objects under ${prefix}: ${failed[0]?.Code ?? 'error'}`,
      );
    }
    deleted += batch.length;
    batch = [];
  };
  do {
    const page = await store.s3.send(
      new ListObjectsV2Command({ Bucket: store.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key) batch.push({ Key: object.Key });
      if (batch.length === DELETE_BATCH) await flush();
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  await flush();
  return deleted;
}

async function getOrNull(store: HistoryStore, key: string): Promise<unknown> {
  try {
    return await getGzipJson(store.s3, store.bucket, key);
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}
