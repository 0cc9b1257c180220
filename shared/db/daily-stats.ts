import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DailyPriceStats } from '../api/types.ts';
import type { FuelCode } from '../domain/fuels.ts';
import type { BrandFuelStats, FuelStats } from '../domain/stats.ts';
import { type BatchWriteOptions, type BatchWriteStats, batchWriteAll, type WriteRequest } from './batch.ts';
import { batchGetItems } from './batch-get.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/** A daily statistics item: PK STATS#<YYYY-MM-DD>, SK <dept>#<fuel> (per brand: STATSB#<day>, <brandKey>#<dept>#<fuel>). */
export type DailyStatsItem = FuelStats & { PK: string; SK: string; day: string; runId: string };

const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);

/** A stored daily statistics row (figures not numbers read as NaN, so they never compare equal). */
function toDailyStatsItem(item: Record<string, unknown>): DailyStatsItem {
  return {
    PK: String(item.PK),
    SK: String(item.SK),
    day: keys.dayOf(item.PK),
    runId: String(item.runId ?? ''),
    dept: String(item.dept ?? ''),
    fuel: String(item.fuel ?? ''),
    count: num(item.count),
    min: num(item.min),
    max: num(item.max),
    median: num(item.median),
    mean: num(item.mean),
  };
}

export async function readDailyStats(table: Table, day: string): Promise<DailyStatsItem[]> {
  return readPartition(table, keys.dailyStatsPk(day));
}

/** The day's per-brand rows (`STATSB#<day>` / `<brandKey>#<dept>#<fuel>`, issue 16). */
async function readDailyBrandStats(table: Table, day: string): Promise<DailyStatsItem[]> {
  return readPartition(table, keys.dailyBrandStatsPk(day));
}

async function readPartition(table: Table, pk: string): Promise<DailyStatsItem[]> {
  const items: DailyStatsItem[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    },
  )) {
    for (const item of res.Items ?? []) items.push(toDailyStatsItem(item));
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
  const existing = await readDailyStats(table, day);
  return replaceRows(
    table,
    existing,
    stats,
    (s) => keys.dailyStats(day, s.dept, s.fuel),
    { day, runId },
    options,
  );
}

/** The same for the day's per-brand rows (a brand that no longer qualifies has its rows deleted). */
export async function replaceDailyBrandStats(
  table: Table,
  day: string,
  stats: readonly BrandFuelStats[],
  runId: string,
  options?: BatchWriteOptions,
): Promise<BatchWriteStats & { changed: number }> {
  const existing = await readDailyBrandStats(table, day);
  return replaceRows(
    table,
    existing,
    stats,
    (s) => keys.dailyBrandStats(day, s.brandKey, s.dept, s.fuel),
    { day, runId },
    options,
  );
}

async function replaceRows<S extends FuelStats>(
  table: Table,
  current: readonly DailyStatsItem[],
  stats: readonly S[],
  keyOf: (s: S) => { PK: string; SK: string },
  fields: { day: string; runId: string },
  options?: BatchWriteOptions,
): Promise<BatchWriteStats & { changed: number }> {
  const existing = new Map(current.map((item) => [item.SK, item]));
  const requests: WriteRequest[] = [];
  for (const s of stats) {
    const key = keyOf(s);
    const old = existing.get(key.SK);
    existing.delete(key.SK);
    if (old && sameFigures(old, s)) continue;
    const item: Record<string, unknown> = { ...key, ...fields, ...(s as FuelStats) };
    requests.push({ PutRequest: { Item: item } });
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

/** Daily figures of one département (or 'FR') for the given days and fuels (./batch-get.ts), by day then fuel. */
export async function readDailySeries(
  table: Table,
  days: readonly string[],
  dept: string,
  fuels: readonly FuelCode[],
): Promise<DailyPriceStats[]> {
  return readSeries(table, days, dept, fuels, (day, fuel) => keys.dailyStats(day, dept, fuel));
}

/** The same series over one brand's stations (`brandKey` folded), for the days the brand qualified. */
export async function readDailyBrandSeries(
  table: Table,
  days: readonly string[],
  brandKey: string,
  dept: string,
  fuels: readonly FuelCode[],
): Promise<DailyPriceStats[]> {
  return readSeries(table, days, dept, fuels, (day, fuel) => keys.dailyBrandStats(day, brandKey, dept, fuel));
}

async function readSeries(
  table: Table,
  days: readonly string[],
  dept: string,
  fuels: readonly FuelCode[],
  keyOf: (day: string, fuel: FuelCode) => { PK: string; SK: string },
): Promise<DailyPriceStats[]> {
  const items = await batchGetItems(
    table,
    days.flatMap((day) => fuels.map((fuel) => keyOf(day, fuel))),
    { projection: ['fuel', 'min', 'median', 'mean', 'count'] },
  );
  const rows = items.map((it) => toDailyPriceStats(it, dept));
  const order = (f: FuelCode) => fuels.indexOf(f);
  return rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : order(a.fuel) - order(b.fuel)));
}

/** One day's figures of a series from its (projected) item: the day from its key. */
function toDailyPriceStats(item: Record<string, unknown>, dept: string): DailyPriceStats {
  return {
    day: keys.dayOf(item.PK),
    dept,
    fuel: item.fuel as FuelCode,
    min: num(item.min),
    median: num(item.median),
    mean: num(item.mean),
    count: num(item.count),
  };
}
