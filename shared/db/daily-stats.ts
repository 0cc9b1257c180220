import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { FuelStats } from '../domain/stats.ts';
import { type BatchWriteOptions, type BatchWriteStats, batchWriteAll, type WriteRequest } from './batch.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/** A daily statistics item: PK STATS#<YYYY-MM-DD>, SK <dept>#<fuel>. */
export type DailyStatsItem = FuelStats & { PK: string; SK: string; day: string; runId: string };

export async function readDailyStats(table: Table, day: string): Promise<DailyStatsItem[]> {
  const items: DailyStatsItem[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.dailyStats(day, '', '').PK },
    },
  )) {
    items.push(...((res.Items ?? []) as DailyStatsItem[]));
  }
  return items;
}

/**
 * Makes the day's items equal `stats`: writes rows whose figures changed, deletes rows that no longer
 * exist, leaves the others alone. Returns the write stats and how many rows changed.
 */
export async function replaceDailyStats(
  table: Table,
  day: string,
  stats: readonly FuelStats[],
  runId: string,
  options?: BatchWriteOptions,
): Promise<BatchWriteStats & { changed: number }> {
  const existing = new Map((await readDailyStats(table, day)).map((item) => [item.SK, item]));
  const requests: WriteRequest[] = [];
  for (const s of stats) {
    const key = keys.dailyStats(day, s.dept, s.fuel);
    const old = existing.get(key.SK);
    existing.delete(key.SK);
    if (old && sameFigures(old, s)) continue;
    requests.push({ PutRequest: { Item: { ...key, day, runId, ...s } } });
  }
  for (const old of existing.values()) requests.push({ DeleteRequest: { Key: { PK: old.PK, SK: old.SK } } });
  const written = await batchWriteAll(table, requests, options);
  return { ...written, changed: requests.length };
}

function sameFigures(a: FuelStats, b: FuelStats): boolean {
  return (
    a.count === b.count && a.min === b.min && a.max === b.max && a.median === b.median && a.mean === b.mean
  );
}
