import { randomBytes } from 'node:crypto';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getGzipJson, putGzipJson } from '../s3.ts';
import { historyKeys } from './keys.ts';
import type { StationYear, TrendYear, YearPointer } from './types.ts';

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

/** A station-year of a generation; null when that station has no object in it. */
export async function getStationYear(
  store: HistoryStore,
  year: number,
  generation: string,
  stationId: string,
): Promise<StationYear | null> {
  return (await getOrNull(store, historyKeys.station(year, generation, stationId))) as StationYear | null;
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

/** Writes a station-year under a (not yet committed) generation. Returns the bytes stored. */
export function putStationYear(store: HistoryStore, generation: string, obj: StationYear): Promise<number> {
  return putGzipJson(
    store.s3,
    store.bucket,
    historyKeys.station(obj.year, generation, obj.station),
    JSON.stringify(obj),
    {},
  );
}

export function putTrendYear(store: HistoryStore, generation: string, obj: TrendYear): Promise<number> {
  return putGzipJson(
    store.s3,
    store.bucket,
    historyKeys.trend(obj.year, generation, obj.dept),
    JSON.stringify(obj),
    {},
  );
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
