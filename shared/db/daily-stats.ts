import { BatchGetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DailyPriceStats } from '../api/types.ts';
import type { FuelCode } from '../domain/fuels.ts';
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

const BATCH_GET_MAX = 100;
const PARALLEL_BATCHES = 4;

/** Daily figures of one département (or 'FR') for the given days and fuels: BatchGet, 100 keys a request. */
export async function readDailySeries(
  table: Table,
  days: readonly string[],
  dept: string,
  fuels: readonly FuelCode[],
): Promise<DailyPriceStats[]> {
  const wanted = days.flatMap((day) => fuels.map((fuel) => keys.dailyStats(day, dept, fuel)));
  const batches: (typeof wanted)[] = [];
  for (let i = 0; i < wanted.length; i += BATCH_GET_MAX) batches.push(wanted.slice(i, i + BATCH_GET_MAX));
  const rows: DailyPriceStats[] = [];
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    const results = await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((b) => batchGet(table, b)));
    for (const items of results) {
      for (const it of items) {
        rows.push({
          day: (it.PK as string).slice('STATS#'.length),
          dept,
          fuel: it.fuel as FuelCode,
          min: it.min as number,
          median: it.median as number,
          mean: it.mean as number,
          count: it.count as number,
        });
      }
    }
  }
  const order = (f: FuelCode) => fuels.indexOf(f);
  return rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : order(a.fuel) - order(b.fuel)));
}

/** One BatchGet, retrying unprocessed keys (throttling) a few times with a short backoff. */
async function batchGet(
  table: Table,
  keyList: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] | undefined = keyList;
  for (let attempt = 0; pending?.length; attempt++) {
    if (attempt > 5) throw new Error('BatchGet: keys still unprocessed after 5 retries');
    if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    const res = await table.client.send(
      new BatchGetCommand({
        RequestItems: {
          [table.name]: {
            Keys: pending,
            ProjectionExpression: 'PK, fuel, #min, median, mean, #count',
            ExpressionAttributeNames: { '#min': 'min', '#count': 'count' },
          },
        },
      }),
    );
    items.push(...(res.Responses?.[table.name] ?? []));
    pending = res.UnprocessedKeys?.[table.name]?.Keys as Record<string, unknown>[] | undefined;
  }
  return items;
}
