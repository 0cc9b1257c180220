import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
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
  /** Items written (duplicates dropped). */
  items: number;
  /** BatchWriteItem requests sent, retries included. */
  requests: number;
  /** Requests that were retries of unprocessed items. */
  retries: number;
  /** Requests dropped because their key was already written by this call. */
  duplicates: number;
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
const BATCH_SIZE = 25;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes every request in batches of 25 with a few batches in flight, retrying `UnprocessedItems` with
 * exponential backoff and full jitter, a bounded number of times. `requests` is consumed lazily, 25 at a
 * time (a generator keeps only the batches in flight in memory). A request for a key already sent is
 * dropped (the first one wins): DynamoDB rejects a batch that names a key twice.
 */
export async function batchWriteAll(
  table: Table,
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
  const source = requests[Symbol.iterator]();
  const seen = new Set<string>();
  let duplicates = 0;
  let exhausted = false;
  /** The next batch of up to 25 requests with keys not seen before; empty when all were taken. */
  const takeChunk = (): WriteRequest[] => {
    const chunk: WriteRequest[] = [];
    while (!exhausted && chunk.length < BATCH_SIZE) {
      const next = source.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const id = keyOf(next.value);
      if (seen.has(id)) duplicates++;
      else {
        seen.add(id);
        chunk.push(next.value);
      }
    }
    return chunk;
  };

  const stats: BatchWriteStats = { items: 0, requests: 0, retries: 0, duplicates: 0 };
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
      const res = await table.client.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
      const left = (res.UnprocessedItems?.[table.name] ?? []) as WriteRequest[];
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
    while (!failed) {
      const chunk = takeChunk();
      if (chunk.length === 0) return;
      try {
        await writeChunk(chunk);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, worker));
  stats.duplicates = duplicates;
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (stopped) throw (stopped as { error: unknown }).error;
  if (rejected) {
    const reason = rejected.reason as unknown;
    if (reason instanceof BatchWriteError) throw reason;
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    throw new BatchWriteError(`DynamoDB batch write failed: ${message}`, seen.size - stats.items, {
      cause: reason,
    });
  }
  return stats;
}

function keyOf(r: WriteRequest): string {
  const { partitionKey: pk, sortKey: sk } = TABLE_SCHEMA;
  const key = 'PutRequest' in r ? r.PutRequest.Item : r.DeleteRequest.Key;
  return `${String(key[pk])}\u0000${String(key[sk])}`;
}
