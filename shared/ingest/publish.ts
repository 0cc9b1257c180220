import type { S3Client } from '@aws-sdk/client-s3';
import type { Table } from '../db/client.ts';
import { type PublishedData, publishPointer } from '../db/runs.ts';
import type { FeedVersion } from '../domain/snapshot.ts';
import type { Station } from '../domain/station.ts';
import { frenchCommunes } from '../places/communes.ts';
import { allPartKeys, buildParts } from '../snapshot/parts.ts';
import type { StationIndex } from './diff.ts';
import { IngestError } from './errors.ts';
import { deleteKeys, putIndex, putPart, putSnapshot, snapshotKeys } from './snapshot.ts';

export interface PublishInput {
  version: FeedVersion;
  /** Canonical JSON of every station, in feed order. */
  stationJson: Iterable<string>;
  index: StationIndex;
  stations: number;
  prices: number;
  feed: Pick<PublishedData, 'feedSource' | 'feedEtag' | 'feedLastModified'>;
  /** The names joined and their coverage (issue 16): a later run compares them to decide what is unchanged. */
  names?: Pick<PublishedData, 'namesVersion' | 'overridesHash' | 'names'>;
  /** The pointer this run diffed against (null on a first run). */
  previous: PublishedData | null;
  /** Snapshots to keep, the new one included. */
  keep: number;
}

export interface PublishResult {
  pointer: PublishedData;
  snapshotBytes: number;
  indexBytes: number;
  /** Stored size of the pre-built parts together. */
  partsBytes: number;
  /** Keys of older snapshots that are no longer kept: delete them once the pointer flipped. */
  expired: string[];
}

/**
 * Writes the new snapshot, index and pre-built parts (shared/snapshot/parts.ts) under new keys (nothing reads
 * them yet), then flips the pointer with a conditional put. Until that put succeeds the API keeps serving the
 * previous run; if it fails, every new object is deleted and the error is PUBLISH_FAILED (S3/DynamoDB) or
 * PUBLISH_CONFLICT (moved pointer).
 */
export async function publishSnapshot(
  table: Table,
  s3: S3Client,
  dataBucket: string,
  input: PublishInput,
): Promise<PublishResult> {
  const { runId } = input.version;
  const { snapshotKey, indexKey } = snapshotKeys(runId);
  const prev = input.previous;
  const older = prev
    ? [
        {
          runId: prev.runId,
          snapshotKey: prev.snapshotKey,
          indexKey: prev.indexKey,
          ...(prev.parts ? { parts: prev.parts } : {}),
        },
        ...(prev.olderSnapshots ?? []),
      ]
    : [];
  const kept = older.slice(0, Math.max(0, input.keep - 1));
  const expired = older
    .slice(kept.length)
    .flatMap((o) => [
      o.snapshotKey,
      ...(o.indexKey ? [o.indexKey] : []),
      ...(o.parts ? allPartKeys(o.runId, o.parts) : []),
    ]);
  // The parts need the stations themselves (ranks, search, k-d order): parsed once here, ~0.15 s.
  const stationJson = [...input.stationJson];
  const { layout, parts } = buildParts(
    input.version,
    stationJson.map((json) => JSON.parse(json) as Station),
    stationJson,
    frenchCommunes(), // every commune is a place of the search part (issue 17)
  );
  const newKeys = [snapshotKey, indexKey, ...parts.map((p) => p.key)];
  const pointer: PublishedData = {
    runId,
    snapshotKey,
    indexKey,
    feedHash: input.version.feedHash,
    feedTime: input.version.feedTime,
    publishedAt: input.version.publishedAt,
    stations: input.stations,
    prices: input.prices,
    ...input.feed,
    ...input.names,
    parts: layout,
    olderSnapshots: kept,
  };
  try {
    // allSettled, not all: when one put fails, the others must have finished before the cleanup below
    // deletes them all, or one would land after the delete and stay behind as an orphan.
    const [snapshotPut, indexPut, ...partPuts] = await Promise.allSettled([
      putSnapshot(s3, dataBucket, snapshotKey, input.version, stationJson),
      putIndex(s3, dataBucket, indexKey, runId, input.index),
      ...parts.map((part) => putPart(s3, dataBucket, part, runId)),
    ]);
    const failed = [snapshotPut, indexPut, ...partPuts].find((p) => p.status === 'rejected');
    if (failed) throw failed.reason;
    const bytes = (p: PromiseSettledResult<number>) => (p.status === 'fulfilled' ? p.value : 0);
    const partsBytes = partPuts.reduce((sum, p) => sum + bytes(p), 0);
    await publishPointer(table, pointer, prev?.runId ?? null);
    return { pointer, snapshotBytes: bytes(snapshotPut), indexBytes: bytes(indexPut), partsBytes, expired };
  } catch (error) {
    await deleteKeys(s3, dataBucket, newKeys);
    if ((error as { code?: unknown }).code === 'PUBLISH_CONFLICT') throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new IngestError(
      'PUBLISH_FAILED',
      `publishing the snapshot failed, the previous one is still served: ${message}`,
      {
        cause: error,
      },
    );
  }
}
