import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { HistoryPoint } from '../api/types.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/**
 * Reads of the price history items the ingest writes (shared/db/stations.ts `historyPut`):
 * `HIST#<stationId>#<fuel>` / SK = the price's Paris ISO date.
 */

/** A price change from its item (`SK` is its date); null when the item has no numeric price. */
function toHistoryPoint(item: Record<string, unknown>): HistoryPoint | null {
  return typeof item.price === 'number' ? { at: String(item.SK), price: item.price } : null;
}

/** The price changes of one station and fuel whose date lies between two Paris local date-times. */
export async function readPriceHistory(
  table: Table,
  stationId: string,
  fuel: string,
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
    for (const item of res.Items ?? []) {
      const point = toHistoryPoint(item);
      if (point) points.push(point);
    }
  }
  return points;
}

/** Price history of one station and fuel, newest first, back to (and including) the last point before `fromIso`. */
export async function priceHistorySince(
  table: Table,
  stationId: string,
  fuel: string,
  fromMs: number,
): Promise<HistoryPoint[]> {
  const out: HistoryPoint[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.historyPk(stationId, fuel) },
      ProjectionExpression: 'SK, price',
      ScanIndexForward: false,
      Limit: 50,
    },
  )) {
    for (const item of res.Items ?? []) {
      const point = toHistoryPoint(item);
      if (!point) continue;
      out.push(point);
      if (Date.parse(point.at) <= fromMs) return out;
    }
  }
  return out;
}

/** The last price change of one station and fuel dated strictly before a Paris local date-time, if any. */
export async function lastPriceBefore(
  table: Table,
  stationId: string,
  fuel: string,
  beforeLocal: string,
): Promise<HistoryPoint | null> {
  // Newest first from the bound down; the SK carries its offset, so `< beforeLocal` leaves out its own second.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND SK < :before',
      ExpressionAttributeValues: { ':pk': keys.historyPk(stationId, fuel), ':before': beforeLocal },
      ProjectionExpression: 'SK, price',
      ScanIndexForward: false,
      Limit: 5,
    },
  )) {
    for (const item of res.Items ?? []) {
      const point = toHistoryPoint(item);
      if (point) return point;
    }
  }
  return null;
}
