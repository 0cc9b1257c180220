import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type {
  HistoryResponse,
  NearbyResponse,
  SearchResponse,
  StationResponse,
  StatsResponse,
} from '#shared/api/types.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { apiEvent, testContext } from '../helpers/api-event.ts';
import { feedXml } from '../helpers/ingest/feeds.ts';
import { quietIngestDeps, startApiProduct } from '../helpers/product.ts';

// The public station API on the local stack, loaded with a real national feed (10,007 stations) by the real
// ingest. Expected values come from the XML itself, read here with regular expressions (not the feed reader).
const FEED = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';

interface RawStation {
  id: string;
  lat: number;
  lon: number;
  cp: string;
  town: string;
  prices: { fuel: string; maj: string; value: number }[];
}

function rawStations(): Map<string, RawStation> {
  const xml = feedXml(FEED);
  const out = new Map<string, RawStation>();
  for (const m of xml.matchAll(
    /<pdv id="(\d+)" latitude="([^"]*)" longitude="([^"]*)" cp="([^"]*)"[^>]*>([\s\S]*?)<\/pdv>/g,
  )) {
    const [, id, lat, lon, cp, body] = m as unknown as [string, string, string, string, string, string];
    const prices = [...body.matchAll(/<prix nom="([^"]+)" id="\d" maj="([^"]+)" valeur="([^"]+)"\/>/g)].map(
      (p) => ({
        fuel: p[1] as string,
        maj: p[2] as string,
        value: Number(p[3]),
      }),
    );
    const town = /<ville>([^<]*)<\/ville>/.exec(body)?.[1] ?? '';
    out.set(id, { id, lat: Number(lat) / 100_000, lon: Number(lon) / 100_000, cp, town, prices });
  }
  return out;
}

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let raw: Map<string, RawStation>;

const handlers = {
  stations: () => import('#functions/http/get-stations.ts'),
  station: () => import('#functions/http/get-station.ts'),
  history: () => import('#functions/http/get-station-history.ts'),
  search: () => import('#functions/http/get-search.ts'),
  stats: () => import('#functions/http/get-stats.ts'),
};

async function call<T>(
  name: keyof typeof handlers,
  query: Record<string, string> | null,
  path: Record<string, string> | null = null,
): Promise<{ res: APIGatewayProxyResult; body: T }> {
  const { handler } = await handlers[name]();
  const res = await handler(apiEvent({ queryStringParameters: query, pathParameters: path }), testContext());
  return { res, body: JSON.parse(res.body || 'null') as T };
}

beforeAll(async () => {
  raw = rawStations();
  ({ product, stop } = await startApiProduct('api'));
  const run = await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'test' });
  expect(run.status).toBe('succeeded');
});

afterAll(async () => {
  vi.useRealTimers();
  await stop?.();
});

describe('the public API on a real national feed', () => {
  test('a station has exactly the prices of the feed', async () => {
    expect(raw.size).toBe(10_007);
    // Every 97th station with prices: ~100 stations across the file.
    const sample = [...raw.values()].filter((s) => s.prices.length > 0).filter((_, i) => i % 97 === 0);
    for (const expected of sample) {
      const { res, body } = await call<StationResponse>('station', null, { id: expected.id });
      expect(res.statusCode, expected.id).toBe(200);
      const got = Object.fromEntries(
        body.station.prices.map((p) => [p.fuel, [p.price, p.updatedAt.slice(0, 19)]]),
      );
      const want = Object.fromEntries(
        expected.prices.map((p) => [p.fuel, [p.value, p.maj.replace(' ', 'T')]]),
      );
      expect(got, expected.id).toEqual(want);
      expect(body.station.cp).toBe(expected.cp);
    }
    const { body } = await call<StationResponse>('station', null, { id: '44000009' });
    expect(body.station).toMatchObject({
      id: '44000009',
      cp: '44200',
      town: 'NANTES',
      address: '16 BD DES MARTYRS NANTAIS',
    });
    expect(body.station.prices.map((p) => [p.fuel, p.price])).toEqual([
      ['Gazole', 1.689],
      ['E10', 1.724],
      ['SP98', 1.834],
    ]);
    expect(body.station.services).toContain('Station de gonflage');
    expect(body.version.feedTime).toBe('2025-07-28T15:00:04+02:00');
  });

  test('ranks: a price updated on the feed day is ranked nationally and in its département', async () => {
    const { body } = await call<StationResponse>('station', null, { id: '44000009' });
    const gazole = body.station.prices.find((p) => p.fuel === 'Gazole');
    expect(gazole?.rank?.national.of).toBeGreaterThan(6500);
    expect(gazole?.rank?.dept.of).toBeGreaterThan(50);
    expect(gazole?.rank?.national.rank).toBeGreaterThanOrEqual(1);
    expect(gazole?.rank?.dept.rank).toBeLessThanOrEqual(gazole?.rank?.dept.of ?? 0);
  });

  test('around a station, 1 km: it is found at distance ≈ 0, and everything is within 1 km', async () => {
    const s = raw.get('44000009') as RawStation;
    const { body } = await call<NearbyResponse>('stations', {
      lat: String(s.lat),
      lon: String(s.lon),
      radiusKm: '1',
    });
    expect(body.stations[0]).toMatchObject({ id: '44000009' });
    expect(body.stations[0]?.distanceKm).toBeLessThan(0.001);
    expect(body.stations.every((x) => x.distanceKm <= 1)).toBe(true);
    // The same count as a linear scan over the feed's coordinates.
    const within = [...raw.values()].filter((r) => haversine(s.lat, s.lon, r.lat, r.lon) <= 1).length;
    expect(body.total).toBe(within);
  });

  test('cheapest Gazole within 10 km of Lyon: ordered by price, all pages add up', async () => {
    const q = { lat: '45.7578', lon: '4.832', radiusKm: '10', fuel: 'Gazole', sort: 'price', limit: '25' };
    const first = await call<NearbyResponse>('stations', q);
    expect(first.body.total).toBeGreaterThan(40);
    const all = [...first.body.stations];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await call<NearbyResponse>('stations', { ...q, cursor });
      all.push(...page.body.stations);
      cursor = page.body.nextCursor;
    }
    expect(all).toHaveLength(first.body.total);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    const priced = all.filter((s) => s.price && !s.price.outlier).map((s) => s.price?.price as number);
    expect(priced).toEqual([...priced].sort((a, b) => a - b));
    const firstUnpriced = all.findIndex((s) => !s.price || s.price.outlier);
    if (firstUnpriced >= 0)
      expect(all.slice(firstUnpriced).every((s) => !s.price || s.price.outlier)).toBe(true);
  });

  test('search: a city as a whole with its stations, a postcode, a département', async () => {
    // "Lyon" is the city as a whole (issue 17): every station of its postcodes 69001–69009, whatever the
    // feed's spelling of the town ("LYON", "LYON 07", "LYON 3EME"), then its arrondissements.
    const lyon = [...raw.values()].filter((s) => /^6900[1-9]$/.test(s.cp)).length;
    const { body } = await call<SearchResponse>('search', { q: 'lyon', limit: '50' });
    expect(body.places[0]).toMatchObject({ kind: 'commune', town: 'Lyon', match: 'exact', stations: lyon });
    expect(body.places.filter((p) => p.match === 'exact')).toHaveLength(1);
    expect(body.places.some((p) => p.town === 'Lyon 3e')).toBe(true);

    // A postcode finds the commune that has it (Nantes has several): at least its stations of that postcode.
    const cp = [...raw.values()].filter((s) => s.cp === '44200').length;
    const byCp = await call<SearchResponse>('search', { q: '44200' });
    expect(byCp.body.kind).toBe('postcode');
    const nantes = byCp.body.places.find((p) => p.postcodes.includes('44200'));
    expect(nantes).toMatchObject({ kind: 'commune', town: 'Nantes', match: 'exact' });
    expect(nantes?.stations).toBeGreaterThanOrEqual(cp);

    const corsica = await call<SearchResponse>('search', { q: '2A', limit: '50' });
    expect(corsica.body.kind).toBe('dept');
    expect(corsica.body.places.length).toBeGreaterThan(5);
    expect(corsica.body.places.every((p) => p.dept === '2A' && p.cp.startsWith('20'))).toBe(true);
  });

  test('stats: current figures equal the daily row the ingest wrote for the feed day', async () => {
    const { body } = await call<StatsResponse>('stats', { fuel: 'Gazole', days: '3' });
    expect(body.day).toBe('2025-07-28');
    const current = body.current.find((c) => c.dept === 'FR');
    const today = body.series.find((s) => s.day === '2025-07-28');
    expect(current?.count).toBeGreaterThan(6500);
    const { name, ...figures } = current ?? { name: null };
    expect(name).toBe('France');
    expect(today).toMatchObject({ ...figures, day: '2025-07-28' });
    const dept = await call<StatsResponse>('stats', { fuel: 'Gazole', dept: '44', days: '1' });
    // Issue 17 item 9: each current row is named, so the trends page shows no bare numbers.
    expect(dept.body.current.map((c) => [c.dept, c.name])).toEqual([
      ['FR', 'France'],
      ['44', 'Loire-Atlantique'],
    ]);
    const { name: _, ...dept44 } = dept.body.current[1] ?? { name: null };
    expect(dept.body.series).toEqual([{ ...dept44, day: '2025-07-28' }]);
    // Every fuel's national figures in one small answer (the trends page's "Tous les carburants, en France").
    const national = await call<StatsResponse>('stats', { dept: 'FR', days: '1' });
    expect(national.body.current.every((c) => c.dept === 'FR' && c.name === 'France')).toBe(true);
    expect(national.body.current.length).toBeGreaterThanOrEqual(5);
    const named = await call<StatsResponse>('stats', { fuel: 'Gazole' });
    const depts = named.body.current.filter((c) => c.dept !== 'FR');
    expect(depts.length).toBeGreaterThan(90);
    expect(depts.every((c) => typeof c.name === 'string' && c.name.length > 2)).toBe(true);
  });

  test('history: the price the ingest recorded, within the window', async () => {
    // Each route loads its own part: load this one (the station's shard) at the real time, as S3 refuses
    // requests signed with the faked clock below.
    expect((await call<HistoryResponse>('history', { days: '7' }, { id: '44000009' })).res.statusCode).toBe(
      200,
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-07-29T10:00:00+02:00'));
    const { res, body } = await call<HistoryResponse>('history', { days: '7' }, { id: '44000009' });
    vi.useRealTimers();
    expect(res.statusCode).toBe(200);
    expect(body.series.map((s) => [s.fuel, s.points])).toEqual([
      ['Gazole', [{ at: '2025-07-28T00:01:00+02:00', price: 1.689 }]],
      ['E10', [{ at: '2025-07-28T00:01:00+02:00', price: 1.724 }]],
      ['SP98', [{ at: '2025-07-28T00:01:00+02:00', price: 1.834 }]],
    ]);
  });
});

describe('through the local gateway (HTTP)', () => {
  const http = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${product.url}${path}`, { headers });

  test('around me, a station, search, the OpenAPI document', async () => {
    const res = await http('/api/stations?lat=47.20393&lon=-1.54657&radiusKm=1&fuel=gazole&sort=price');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const body = (await res.json()) as NearbyResponse;
    expect(body.stations.some((s) => s.id === '44000009')).toBe(true);
    expect((await http('/api/stations/44000009')).status).toBe(200);
    expect((await http('/api/search?q=nantes')).status).toBe(200);
    const doc = (await (await http('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/stations/{id}/history');
  });

  test('ETag and If-None-Match → 304 with no body', async () => {
    const first = await http('/api/stations/44000009');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"/);
    const again = await http('/api/stations/44000009', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  test.each([
    ['/api/stations?lat=91&lon=2', 400, 'lat'],
    ['/api/stations?lat=48&lon=200', 400, 'lon'],
    ['/api/stations?lat=48&lon=2&radiusKm=0', 400, 'radiusKm'],
    ['/api/stations?lat=48&lon=2&limit=1000000', 400, 'limit'],
    ['/api/stations?lat=48&lon=2&cursor=forged', 400, 'cursor'],
    ['/api/stations?lat=48&lon=2&fuel=%7B%22%24gt%22%3A%22%22%7D', 400, 'fuel'],
    ['/api/stations?lat=%27%20OR%201%3D1%20--&lon=2', 400, 'lat'],
    ['/api/stations?lat=48&lon=2&foo=bar', 400, 'foo'],
    ['/api/stations/..%2Fetc', 400, 'id'],
    ['/api/stations/12345678901', 400, 'id'],
    ['/api/stations/99999999', 404, 'id'],
    ['/api/search?q=', 400, 'q'],
    ['/api/search?q=<10 KB>', 400, 'q'],
    ['/api/stations/44000009/history?fuel=kerosene', 400, 'fuel'],
    ['/api/stats?dept=ZZ', 400, 'dept'],
  ])('%s → %i on %s', async (path, status, field) => {
    const res = await http(path.replace('<10 KB>', 'a'.repeat(10_240)));
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { field?: string; code: string } };
    expect(body.error.field).toBe(field);
    expect(JSON.stringify(body)).not.toMatch(/stack|\.ts:\d+/);
  });
});

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
