import { type BatchWriteStats, batchWriteAll, type WriteRequest } from '../db/batch.ts';
import type { Table } from '../db/client.ts';
import { historyPut, markRemoved, stationPut } from '../db/stations.ts';
import type { Station } from '../domain/station.ts';
import type { Diff } from './diff.ts';
import { IngestError } from './errors.ts';

export interface WriteOptions {
  /** ISO instant stamped on station items (`updatedAt`) and removal marks. */
  writtenAt: Date;
  concurrency: number;
  maxAttempts: number;
  checkpoint: () => void;
  onProgress?: (written: number, total: number) => void;
}

export interface WriteResult extends BatchWriteStats {
  stations: number;
  history: number;
  removedMarked: number;
}

/**
 * Writes what changed, and only that: a full station item for each new or changed station, a history item
 * for each changed price, a `removedAt` mark for each station that left the feed. Items are idempotent
 * (same key, same content), so a retry after a failure rewrites them harmlessly.
 */
export async function writeChanges(table: Table, diff: Diff, options: WriteOptions): Promise<WriteResult> {
  const at = options.writtenAt.toISOString();
  const atMs = options.writtenAt.getTime();
  // A generator: each station is parsed back from its JSON only when its batch is sent, so a first load
  // (every station changed) never holds 10k station objects at once.
  function* requests(): Generator<WriteRequest> {
    for (const s of diff.changed) yield stationPut(JSON.parse(s.json) as Station, s.hash, at);
    for (const h of diff.history) yield historyPut(h.stationId, h.fuel, h.price, h.updatedAt, atMs);
  }
  const total = diff.changed.length + diff.history.length + diff.removed.length;
  const written = await batchWriteAll(table, requests(), {
    concurrency: options.concurrency,
    maxAttempts: options.maxAttempts,
    checkpoint: options.checkpoint,
    onProgress: (n) => options.onProgress?.(n, total),
  });
  let removedMarked = 0;
  if (diff.removed.length > 0) {
    options.checkpoint();
    removedMarked = await markRemoved(table, diff.removed, at, options.concurrency).catch((error: Error) => {
      throw new IngestError(
        'WRITE_FAILED',
        `marking removed stations failed: ${error.name}: ${error.message}`,
        {
          cause: error,
        },
      );
    });
    options.onProgress?.(total, total);
  }
  return {
    ...written,
    stations: diff.changed.length,
    history: diff.history.length,
    removedMarked,
  };
}
