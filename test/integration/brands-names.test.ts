import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { DashboardResponse, ExportResponse, FavouritesResponse } from '#shared/api/account-types.ts';
import type { BrandsResponse, NamesResponse } from '#shared/api/brand-types.ts';
import type { NearbyResponse, SearchResponse, StatsResponse } from '#shared/api/types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import type { NamesTable } from '#shared/domain/names.ts';
import { nameRows } from '#shared/domain/names-download.ts';
import type { Station } from '#shared/domain/station.ts';
import type { PriceSample } from '#shared/domain/stats.ts';
import { publishDailyStats } from '#shared/ingest/stats.ts';
import { putNamesTable } from '#shared/names/store.ts';
import { NAMES } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { FIXED_CODE, newUser, type Pool } from '../helpers/cognito.ts';
import { startApiProduct } from '../helpers/product.ts';
import { publish, putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

/**
 * Names and brands through the public API of the local product (issue 16): a published snapshot of Lyon
 * stations carrying the OSM names and canonical brands the ingest joins, the names table in the data bucket,
 * the day's per-brand statistics as the ingest writes them.
 */
process.env.CODE = FIXED_CODE;
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let pool: Pool;

const BRANDS = ['TotalEnergies', 'Intermarché', 'E.Leclerc', 'Avia'] as const;
const brandOf = (i: number) => (i < 41 ? BRANDS[0] : i < 72 ? BRANDS[1] : i < 92 ? BRANDS[2] : BRANDS[3]);
/**
 * 100 stations within a kilometre of Bellecour: 41 TotalEnergies, 31 Intermarché, 20 E.Leclerc, 8 Avia (too
 * few for a daily series), and one without a brand. Station i sells Gazole at 1.5 + i/200 €.
 */
const STATIONS: Station[] = [
  ...Array.from({ length: 100 }, (_, i) =>
    makeStation(`6900${String(i).padStart(4, '0')}`, {
      lat: 45.7578 + (i % 10) / 1000,
      lon: 4.832 + Math.floor(i / 10) / 1000,
      cp: i % 2 ? '69003' : '69002',
      dept: '69',
      town: 'LYON',
      address: `${i + 1} Rue Garibaldi`,
      brand: brandOf(i),
      name: brandOf(i) === 'TotalEnergies' ? 'Total Access' : brandOf(i),
      prices: recentPrices({ Gazole: Math.round((1.5 + i / 200) * 1000) / 1000 }),
    }),
  ),
  makeStation('69009999', {
    lat: 45.76,
    lon: 4.84,
    cp: '69003',
    dept: '69',
    town: 'LYON',
    address: '99 Cours Gambetta',
    prices: recentPrices({ Gazole: 1.5 }),
  }),
];
const TABLE: NamesTable = {
  version: 'names-test-1',
  fetchedAt: '2026-06-01T05:00:00.000Z',
  source: 'osm_stations_test.csv',
  rows: 101,
  rowsWithId: 101,
  duplicateIds: 0,
  entries: {
    ...Object.fromEntries(
      STATIONS.filter((s) => s.brand).map((s) => [
        s.id,
        { name: s.name ?? null, brand: s.brand ?? null, osmBrand: s.brand ?? null, operator: null },
      ]),
    ),
    // An OSM id no feed station has: in the download, with no place.
    '99999999': { name: 'Relais, "du Lac"', brand: 'Avia', osmBrand: 'AVIA', operator: 'Avia France' },
  },
};

const get = async <T>(path: string) => {
  const res = await fetch(`${product.url}${path}`);
  return { res, body: (await res.json()) as T };
};

beforeAll(async () => {
  ({ product, stop, pool } = await startApiProduct('brands-names'));
  const table = openTable(product.resources.tableName, createDocumentClient());
  await putStations(table, STATIONS);
  const version = await publish(table, product.resources.buckets.data, STATIONS);
  await putNamesTable(createS3Client(), product.resources.buckets.data, TABLE);
  const samples: PriceSample[] = STATIONS.flatMap((s) =>
    s.prices.map((p) => ({
      dept: s.dept,
      fuel: p.fuel,
      price: p.price,
      at: Date.parse(p.updatedAt),
      brand: s.brand ?? null,
    })),
  );
  await publishDailyStats(table, samples, version.feedTime, version.runId, new Date());
});

afterAll(async () => {
  await stop?.();
});

const near = '/api/stations?lat=45.7578&lon=4.832&radiusKm=5&limit=100';

describe('GET /api/stations?brand=', () => {
  test('several brands, comma-separated or repeated, folded; echoed in the query', async () => {
    const { res, body } = await get<NearbyResponse>(`${near}&brand=e.leclerc,AVIA`);
    expect(res.status).toBe(200);
    expect(body.total).toBe(28);
    expect(new Set(body.stations.map((s) => s.brand))).toEqual(new Set(['E.Leclerc', 'Avia']));
    expect(body.query.brands).toEqual(['e.leclerc', 'AVIA']);
    const repeated = await get<NearbyResponse>(`${near}&brand=Intermarche&brand=TotalEnergies`);
    expect(repeated.body.total).toBe(72);
    expect(repeated.body.query.brands).toEqual(['Intermarche', 'TotalEnergies']);
    const none = await get<NearbyResponse>(near);
    expect(none.body.total).toBe(101);
    expect(none.body.query.brands).toEqual([]);
    expect((await get<NearbyResponse>(`${near}&brand=Shell`)).body.total).toBe(0);
  });

  test('malformed or more than 20 brands: 400 naming brand', async () => {
    for (const q of [
      'brand=',
      'brand=Avia,,Esso',
      `brand=${Array.from({ length: 21 }, (_, i) => `B${i}`).join(',')}`,
    ]) {
      const { res, body } = await get<{ error: { field: string } }>(`${near}&${q}`);
      expect(res.status, q).toBe(400);
      expect(body.error.field).toBe('brand');
    }
  });

  test('the cursor binds the brand filter', async () => {
    const first = await get<NearbyResponse>(`${near.replace('limit=100', 'limit=5')}&brand=Intermarché`);
    expect(first.body.total).toBe(31);
    const cursor = encodeURIComponent(first.body.nextCursor as string);
    const page = `${near.replace('limit=100', 'limit=5')}&cursor=${cursor}`;
    const second = await get<NearbyResponse>(`${page}&brand=INTERMARCHE`);
    expect(second.res.status).toBe(200);
    expect(second.body.stations.every((s) => s.brand === 'Intermarché')).toBe(true);
    const other = await get<{ error: { field: string } }>(`${page}&brand=Avia`);
    expect(other.res.status).toBe(400);
    expect(other.body.error.field).toBe('cursor');
    expect((await get(page)).res.status).toBe(400);
  });
});

test('GET /api/brands: the brands of the snapshot with their station counts', async () => {
  const { res, body } = await get<BrandsResponse>('/api/brands');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  expect(body.brands).toEqual([
    { brand: 'TotalEnergies', stations: 41 },
    { brand: 'Intermarché', stations: 31 },
    { brand: 'E.Leclerc', stations: 20 },
    { brand: 'Avia', stations: 8 },
  ]);
});

test('GET /api/search: a brand with a postcode or a town finds its stations, with title, name and brand', async () => {
  const { body } = await get<SearchResponse>(
    `/api/search?q=${encodeURIComponent('intermarché 69003')}&limit=50`,
  );
  expect(body.stations).toHaveLength(16);
  for (const s of body.stations)
    expect(s).toMatchObject({ kind: 'station', brand: 'Intermarché', name: 'Intermarché', cp: '69003' });
  expect(body.stations[0]?.title).toBe('Intermarché Lyon');
  const leclerc = await get<SearchResponse>('/api/search?q=Leclerc%20Lyon&limit=50');
  expect(leclerc.body.stations.map((s) => s.brand)).toEqual(Array(20).fill('E.Leclerc'));
  const total = await get<SearchResponse>('/api/search?q=total%20access%20lyon&limit=50');
  expect(total.body.stations).toHaveLength(41);
  expect(total.body.stations[0]?.title).toBe('Total Access');
});

test('GET /api/stats?brand=: current figures and the daily series over the brand’s stations', async () => {
  const all = await get<StatsResponse>('/api/stats?fuel=Gazole&dept=69');
  const fr = (r: StatsResponse) => r.current.find((s) => s.dept === 'FR');
  expect(fr(all.body)?.count).toBe(101);
  expect(all.body.brand).toBeNull();

  const { res, body } = await get<StatsResponse>('/api/stats?fuel=Gazole&dept=69&brand=intermarche');
  expect(res.status).toBe(200);
  expect(body.brand).toBe('intermarche');
  // Intermarché: stations 41…71, Gazole 1.705…1.855, the middle one (56) at 1.78.
  expect(fr(body)).toMatchObject({ count: 31, min: 1.705, median: 1.78 });
  expect(body.current.find((s) => s.dept === '69')).toMatchObject({ count: 31, median: 1.78 });
  expect(body.series).toEqual([
    expect.objectContaining({ dept: '69', fuel: 'Gazole', count: 31, median: 1.78 }),
  ]);
  const national = await get<StatsResponse>('/api/stats?fuel=Gazole&brand=TotalEnergies');
  expect(national.body.series).toEqual([expect.objectContaining({ dept: 'FR', count: 41, median: 1.6 })]);
  // Avia has 8 stations: current figures, but too few for a daily series (BRAND_DAILY_STATS).
  const avia = await get<StatsResponse>('/api/stats?fuel=Gazole&brand=Avia');
  expect(fr(avia.body)?.count).toBe(8);
  expect(avia.body.series).toEqual([]);
  const unknown = await get<StatsResponse>('/api/stats?brand=Shell');
  expect(unknown.body).toMatchObject({ current: [], series: [], brand: 'Shell' });
  expect((await get('/api/stats?brand=--')).res.status).toBe(400);
});

describe('GET /api/names: the ODbL download', () => {
  const expected = nameRows(TABLE, STATIONS);

  test('JSON: the licence, and rows equal to the names table joined with the snapshot', async () => {
    const { res, body } = await get<NamesResponse>('/api/names?format=json');
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toContain(`<${NAMES.licenceUrl}>; rel="license"`);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="plein-noms-stations-osm.json"',
    );
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(body.licence).toMatchObject({ url: NAMES.licenceUrl, attribution: NAMES.credit });
    expect(body).toMatchObject({ namesVersion: 'names-test-1', count: 101, source: 'osm_stations_test.csv' });
    expect(body.rows).toEqual(expected);
    expect(body.rows.find((r) => r.id === '99999999')).toMatchObject({ cp: null, town: null });
    expect(body.rows.find((r) => r.id === '69000017')).toMatchObject({ cp: '69003', town: 'LYON' });
  });

  test('CSV (the default): a licence comment line, a header, the same rows', async () => {
    const res = await fetch(`${product.url}/api/names`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="plein-noms-stations-osm.csv"');
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^# Station names and brands © les contributeurs OpenStreetMap .*ODbL/);
    expect(lines[0]).toContain(NAMES.licenceUrl);
    expect(lines[1]).toBe('id,name,brand,osmBrand,operator,cp,town');
    expect(lines).toContain('99999999,"Relais, ""du Lac""",Avia,AVIA,Avia France,,');
    expect(lines.slice(2, -1)).toHaveLength(expected.length);
    const etag = res.headers.get('etag') as string;
    expect((await fetch(`${product.url}/api/names`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
  });

  test('an unknown format is a 400 naming it', async () => {
    const { res, body } = await get<{ error: { field: string } }>('/api/names?format=xml');
    expect(res.status).toBe(400);
    expect(body.error.field).toBe('format');
  });
});

test('favourites, the dashboards and the export carry the station’s OSM name and brand beside the user’s name', async () => {
  const { accessToken } = await newUser(pool, 'namer@example.com', 'Namer');
  const auth = { authorization: `Bearer ${accessToken}` };
  const put = await fetch(`${product.url}/api/me/favourites/69000045`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Près du travail' }),
  });
  expect(put.status).toBe(201);
  await fetch(`${product.url}/api/me`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ fuels: ['Gazole'] }),
  });
  const me = async <T>(path: string) =>
    (await (await fetch(`${product.url}${path}`, { headers: auth })).json()) as T;
  const favs = await me<FavouritesResponse>('/api/me/favourites');
  expect(favs.favourites[0]).toMatchObject({
    name: 'Près du travail',
    station: { id: '69000045', name: 'Intermarché', brand: 'Intermarché' },
  });
  const dash = await me<DashboardResponse>('/api/me/dashboard');
  expect(dash.fuels[0]?.rows[0]).toMatchObject({
    stationId: '69000045',
    name: 'Près du travail',
    stationName: 'Intermarché',
    brand: 'Intermarché',
  });
  const exported = await me<ExportResponse>('/api/me/export');
  expect(exported.stations).toEqual([
    {
      id: '69000045',
      name: 'Intermarché',
      brand: 'Intermarché',
      address: '46 Rue Garibaldi',
      cp: '69003',
      town: 'LYON',
    },
  ]);
  const demo = (await get<DashboardResponse>('/api/demo/dashboard?lat=45.7578&lon=4.832')).body;
  const rows = demo.fuels.flatMap((f) => f.rows);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows)
    expect(r).toMatchObject({ name: null, stationName: expect.any(String), brand: expect.any(String) });
});
