import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../concurrency.ts';
import type { Table } from './client.ts';

export type Key = { PK: string; SK: string };
export type Item = Record<string, unknown>;

/** DynamoDB's limit of keys per BatchGetItem request. */
const BATCH_GET_MAX = 100;

export interface BatchGetOptions {
  /** Attributes to read (PK and SK are always added, so each item can be matched to its key). */
  projection?: readonly string[];
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Requests per chunk before giving up on its unprocessed keys (default 8). */
  maxAttempts?: number;
  /** First backoff before a retry, doubled each time, capped at 2 s, with full jitter (default 50 ms). */
  baseDelayMs?: number;
}

/** Thrown when keys are still unprocessed (throttling) after `maxAttempts` requests. */
export class BatchGetUnprocessedError extends Error {
  readonly unprocessed: number;
  constructor(unprocessed: number) {
    super(`BatchGet left ${unprocessed} item(s) unread`);
    this.unprocessed = unprocessed;
    this.name = 'BatchGetUnprocessedError';
  }
}

/**
 * The one way to read items by key: duplicate keys are read once, in chunks of 100 keys, a few requests in
 * flight, unprocessed keys retried with exponential backoff up to `maxAttempts` requests per chunk, then
 * BatchGetUnprocessedError. Eventually consistent, like every caller's reads. Returns the items found in no
 * particular order; missing items are simply absent (`byKey` indexes them).
 */
export async function batchGetItems(
  table: Table,
  keyList: Iterable<Key>,
  options: BatchGetOptions = {},
): Promise<Item[]> {
  const { concurrency = 4, maxAttempts = 8, baseDelayMs = 50 } = options;
  const unique = new Map<string, Key>();
  for (const k of keyList) unique.set(itemId(k), { PK: k.PK, SK: k.SK });
  const all = [...unique.values()];
  const chunks: Key[][] = [];
  for (let i = 0; i < all.length; i += BATCH_GET_MAX) chunks.push(all.slice(i, i + BATCH_GET_MAX));
  const names = options.projection
    ? Object.fromEntries([...new Set(['PK', 'SK', ...options.projection])].map((f) => [`#${f}`, f]))
    : undefined;
  const found: Item[] = [];
  await mapLimit(chunks, concurrency, async (chunk) => {
    let pending: Item[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts) throw new BatchGetUnprocessedError(pending.length);
      if (attempt > 0)
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(2000, baseDelayMs * 2 ** attempt)));
      const res = await table.client.send(
        new BatchGetCommand({
          RequestItems: {
            [table.name]: {
              Keys: pending,
              ...(names
                ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names }
                : {}),
            },
          },
        }),
      );
      found.push(...(res.Responses?.[table.name] ?? []));
      pending = res.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  });
  return found;
}

/** The items by `itemId` of their key. */
export function byKey(items: readonly Item[]): Map<string, Item> {
  return new Map(items.map((item) => [itemId(item), item]));
}

export function itemId(key: { PK?: unknown; SK?: unknown }): string {
  return `${String(key.PK)}|${String(key.SK)}`;
}
