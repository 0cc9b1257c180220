import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';

const BATCH_GET_MAX = 100;

/**
 * Reads items by key (BatchGet, 100 keys a request, a few requests in flight, unprocessed keys retried with
 * backoff). Returns the items found, keyed `PK|SK`; missing items are simply absent.
 */
export async function batchGetItems(
  table: Table,
  keyList: readonly { PK: string; SK: string }[],
  options: { projection?: readonly string[]; concurrency?: number } = {},
): Promise<Map<string, Record<string, unknown>>> {
  const unique = new Map<string, { PK: string; SK: string }>();
  for (const k of keyList) unique.set(itemId(k), { PK: k.PK, SK: k.SK });
  const all = [...unique.values()];
  const chunks: { PK: string; SK: string }[][] = [];
  for (let i = 0; i < all.length; i += BATCH_GET_MAX) chunks.push(all.slice(i, i + BATCH_GET_MAX));
  const names = options.projection
    ? Object.fromEntries(['PK', 'SK', ...options.projection].map((f) => [`#${f}`, f]))
    : undefined;
  const found = new Map<string, Record<string, unknown>>();
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending: Record<string, unknown>[] = chunks[next++] ?? [];
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 8) throw new Error(`BatchGet left ${pending.length} item(s) unread`);
        if (attempt > 0)
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(2000, 50 * 2 ** attempt)));
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
        for (const item of res.Responses?.[table.name] ?? [])
          found.set(itemId(item as { PK: string; SK: string }), item);
        pending = res.UnprocessedKeys?.[table.name]?.Keys ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
  return found;
}

export function itemId(key: { PK: unknown; SK: unknown }): string {
  return `${String(key.PK)}|${String(key.SK)}`;
}
