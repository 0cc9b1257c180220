import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { medianKey } from '../domain/dashboard.ts';
import type { DeptMedian } from '../domain/savings.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/**
 * The département medians of the daily stats items (`STATS#<day>` / `<dept>#<fuel>`, written by the ingest)
 * for the given pairs: the first day of `days` that has the row wins (today, then yesterday). Keyed
 * `<dept>#<fuel>`. At most 6 fuels × 2 days = 12 keys: one BatchGet.
 */
export async function getDeptMedians(
  table: Table,
  pairs: readonly { dept: string; fuel: string }[],
  days: readonly string[],
): Promise<Map<string, DeptMedian>> {
  const wanted = new Map<string, Record<string, unknown>>();
  for (const day of days)
    for (const { dept, fuel } of pairs) {
      const key = keys.dailyStats(day, dept, fuel);
      wanted.set(`${key.PK}|${key.SK}`, key);
    }
  const rows = new Map<string, Record<string, unknown>>();
  let pending = [...wanted.values()];
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const chunk = pending.slice(0, 100);
    const res = await table.client.send(
      new BatchGetCommand({ RequestItems: { [table.name]: { Keys: chunk } } }),
    );
    for (const item of res.Responses?.[table.name] ?? []) rows.set(`${item.PK}|${item.SK}`, item);
    pending = [...(res.UnprocessedKeys?.[table.name]?.Keys ?? []), ...pending.slice(100)];
  }
  const out = new Map<string, DeptMedian>();
  for (const { dept, fuel } of pairs) {
    for (const day of days) {
      const key = keys.dailyStats(day, dept, fuel);
      const item = rows.get(`${key.PK}|${key.SK}`);
      if (item && typeof item.median === 'number' && typeof item.count === 'number') {
        out.set(medianKey(dept, fuel), { dept, day, median: item.median, count: item.count });
        break;
      }
    }
  }
  return out;
}
