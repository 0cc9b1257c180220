import { BatchGetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DailyPriceStats, HistoryPoint } from '#shared/api/types.ts';
import type { Table } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import type { FuelCode } from '#shared/domain/fuels.ts';

/**
 * Reads of the items the ingest writes for trends (shared/db/keys.ts): price changes (`HIST#<id>#<fuel>`,
 * SK = the price's Paris ISO date) and daily statistics (`STATS#<day>`, SK `<dept>#<fuel>`).
 * Repository code that would sit in shared/db/ (owned by the ingest); kept next to its only users for now.
 */

/** The price changes of one station and fuel whose date lies between two Paris local date-times. */
export async function readPriceHistory(
  table: Table,
  stationId: string,
  fuel: FuelCode,
  fromLocal: string,
  toLocal: string,
): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      // `~` sorts after the `+02:00` offset, so the upper bound includes its own second.
      ExpressionAttributeValues: {
        ':pk': keys.historyPk(stationId, fuel),
        ':from': fromLocal,
        ':to': `${toLocal}~`,
      },
      ProjectionExpression: 'SK, price',
    },
  )) {
    for (const item of res.Items ?? []) points.push({ at: item.SK as string, price: item.price as number });
  }
  return points;
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
