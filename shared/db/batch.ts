import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from './client.ts';
import { TABLE_SCHEMA } from './schema.ts';

/** One item to put or one key to delete, in the document client's shape. */
export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

export interface BatchWriteOptions {
  /** Batches in flight at once. */
  concurrency?: number;
  /** Attempts per batch, the first included, before giving up on its unprocessed items. */
  maxAttempts?: number;
  /** Backoff: a random delay in [0, min(maxDelayMs, baseDelayMs × 2^attempt)] ("full jitter"). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each request; throw to stop (e.g. the run's time budget is spent). */
  checkpoint?: () => void;
  onProgress?: (itemsWritten: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface BatchWriteStats {
  /** Items written (after de-duplication). */
  items: number;
  /** BatchWriteItem requests sent, retries included. */
  requests: number;
  /** Requests that were retries of unprocessed items. */
  retries: number;
}

export class BatchWriteError extends Error {
  readonly code = 'WRITE_FAILED';
  readonly unprocessed: number;
  constructor(message: string, unprocessed: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BatchWriteError';
    this.unprocessed = unprocessed;
  }
}

/** DynamoDB's limit per BatchWriteItem. */
export const BATCH_SIZE = 25;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes every request in batches of 25 with a few batches in flight, retrying `UnprocessedItems` with
 * exponential backoff and full jitter, a bounded number of times. Requests for the same key are collapsed
 * (the last one wins): DynamoDB rejects a batch that names a key twice.
 */
export async function batchWriteAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: Iterable<WriteRequest>,
  options: BatchWriteOptions = {},
): Promise<BatchWriteStats> {
  const {
    concurrency = 6,
    maxAttempts = 8,
    baseDelayMs = 50,
    maxDelayMs = 2_000,
    checkpoint = () => {},
    onProgress,
    sleep = defaultSleep,
    random = Math.random,
  } = options;
  const unique = dedupeByKey(requests);
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_SIZE) chunks.push(unique.slice(i, i + BATCH_SIZE));

  const stats: BatchWriteStats = { items: 0, requests: 0, retries: 0 };
  let next = 0;
  let failed = false;
  /** Set when `checkpoint` stopped the writes: its error is rethrown as it is. */
  let stopped: { error: unknown } | null = null;

  const writeChunk = async (chunk: WriteRequest[]) => {
    let pending = chunk;
    for (let attempt = 0; ; attempt++) {
      if (failed) return;
      try {
        checkpoint();
      } catch (error) {
        stopped = { error };
        throw error;
      }
      stats.requests++;
      if (attempt > 0) stats.retries++;
      const res = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      const left = (res.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      stats.items += pending.length - left.length;
      onProgress?.(stats.items);
      if (left.length === 0) return;
      if (attempt + 1 >= maxAttempts) {
        throw new BatchWriteError(
          `DynamoDB left ${left.length} item(s) unprocessed after ${maxAttempts} attempts (throttled)`,
          left.length,
        );
      }
      pending = left;
      await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
    }
  };

  const worker = async () => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++] as WriteRequest[];
      try {
        await writeChunk(chunk);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, chunks.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (stopped) throw (stopped as { error: unknown }).error;
  if (rejected) {
    const reason = rejected.reason as unknown;
    if (reason instanceof BatchWriteError) throw reason;
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    throw new BatchWriteError(`DynamoDB batch write failed: ${message}`, unique.length - stats.items, {
      cause: reason,
    });
  }
  return stats;
}

function dedupeByKey(requests: Iterable<WriteRequest>): WriteRequest[] {
  const { partitionKey: pk, sortKey: sk } = TABLE_SCHEMA;
  const byKey = new Map<string, WriteRequest>();
  for (const r of requests) {
    const key = 'PutRequest' in r ? r.PutRequest.Item : r.DeleteRequest.Key;
    const id = `${String(key[pk])}\u0000${String(key[sk])}`;
    byKey.delete(id); // keep the last request in the position of its last occurrence
    byKey.set(id, r);
  }
  return [...byKey.values()];
}
