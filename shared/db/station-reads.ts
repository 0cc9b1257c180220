import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DashboardStation } from '../domain/dashboard.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/** The station item fields the account routes read (written by the ingest: shared/db/stations.ts). */
export type StationRecord = DashboardStation & { cp: string; road: string };

const PROJECTION = [
  'id',
  'town',
  'address',
  'cp',
  'dept',
  'lat',
  'lon',
  'road',
  'prices',
  'outOfStock',
  'removedAt',
];
const BATCH_GET_MAX = 100;

/** Does the station exist in the table (one small read)? */
export async function stationExists(table: Table, id: string): Promise<boolean> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.station(id), ProjectionExpression: 'PK' }),
  );
  return res.Item !== undefined;
}

/** The stations by id (BatchGet, 100 keys a request, unprocessed keys retried); missing ids are absent. */
export async function getStations(table: Table, ids: readonly string[]): Promise<Map<string, StationRecord>> {
  const found = new Map<string, StationRecord>();
  const unique = [...new Set(ids)];
  const names = Object.fromEntries(PROJECTION.map((f) => [`#${f}`, f]));
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET_MAX).map((id) => keys.station(id));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt >= 6) throw new Error(`BatchGet left ${pending.length} station(s) unread`);
      const res = await table.client.send(
        new BatchGetCommand({
          RequestItems: {
            [table.name]: {
              Keys: pending,
              ProjectionExpression: Object.keys(names).join(', '),
              ExpressionAttributeNames: names,
            },
          },
        }),
      );
      for (const item of res.Responses?.[table.name] ?? []) found.set(String(item.id), toStation(item));
      pending = res.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return found;
}

function toStation(item: Record<string, unknown>): StationRecord {
  return {
    id: String(item.id),
    town: String(item.town ?? ''),
    address: String(item.address ?? ''),
    cp: String(item.cp ?? ''),
    dept: String(item.dept ?? ''),
    road: String(item.road ?? ''),
    lat: typeof item.lat === 'number' ? item.lat : null,
    lon: typeof item.lon === 'number' ? item.lon : null,
    prices: Array.isArray(item.prices) ? (item.prices as StationRecord['prices']) : [],
    outOfStock: Array.isArray(item.outOfStock) ? (item.outOfStock as StationRecord['outOfStock']) : [],
    removedAt: typeof item.removedAt === 'string' ? item.removedAt : null,
  };
}
