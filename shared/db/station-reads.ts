import type { DashboardStation } from '../domain/dashboard.ts';
import { batchGetItems } from './batch-get.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/**
 * The station item fields the account routes read (written by the ingest: shared/db/stations.ts). `name` and
 * `brand` are the OSM ones the ingest joined (issue 16); null when the station has none, or its item was
 * written before names existed.
 */
export type StationRecord = DashboardStation & {
  cp: string;
  road: string;
  name: string | null;
  brand: string | null;
};

const PROJECTION = [
  'id',
  'name',
  'brand',
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

/** The stations by id (one BatchGet per 100 ids: ./batch-get.ts); missing ids are absent. */
export async function getStations(table: Table, ids: readonly string[]): Promise<Map<string, StationRecord>> {
  const items = await batchGetItems(
    table,
    ids.map((id) => keys.station(id)),
    { projection: PROJECTION },
  );
  return new Map(items.map((item) => [String(item.id), toStation(item)]));
}

function toStation(item: Record<string, unknown>): StationRecord {
  return {
    id: String(item.id),
    name: typeof item.name === 'string' ? item.name : null,
    brand: typeof item.brand === 'string' ? item.brand : null,
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
