import { medianKey } from '../domain/dashboard.ts';
import type { DeptMedian } from '../domain/savings.ts';
import { batchGetItems, byKey, itemId } from './batch-get.ts';
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
  const rows = byKey(
    await batchGetItems(
      table,
      days.flatMap((day) => pairs.map(({ dept, fuel }) => keys.dailyStats(day, dept, fuel))),
      { projection: ['median', 'count'] },
    ),
  );
  const out = new Map<string, DeptMedian>();
  for (const { dept, fuel } of pairs) {
    for (const day of days) {
      const key = keys.dailyStats(day, dept, fuel);
      const item = rows.get(itemId(key));
      if (item && typeof item.median === 'number' && typeof item.count === 'number') {
        out.set(medianKey(dept, fuel), { dept, day, median: item.median, count: item.count });
        break;
      }
    }
  }
  return out;
}
