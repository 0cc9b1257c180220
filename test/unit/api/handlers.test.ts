// Over 300 lines on purpose: every public handler against one in-memory snapshot and mocked clients,
// built once at the top; the cases read as the API's contract, route by route.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type {
  FuelsResponse,
  HistoryResponse,
  NearbyResponse,
  SearchResponse,
  StationResponse,
  StatsResponse,
} from '#shared/api/types.ts';
import { apiEvent, testContext } from '../../helpers/api-event.ts';
import { CENTRE, NOW, publishedObjects, snapshotOf } from '../../helpers/snapshot.ts';

// The handlers run as in Lambda, against mocked AWS clients: the pointer (GetItem), the snapshot (S3), the
// history and stats items. Prepare the environment before their modules read it at import.
Object.assign(process.env, {
  TABLE_NAME: 'plein-test',
  DATA_BUCKET: 'plein-data-test',
  AWS_REGION: 'eu-west-3',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
let publishedRun: string | null = null;
ddb.on(GetCommand).callsFake(async () =>
  publishedRun
    ? {
        Item: {
          PK: 'META',
          SK: 'PUBLISHED',
          runId: publishedRun,
          snapshotKey: `snapshot/${publishedRun}.json.gz`,
          feedHash: `hash-${publishedRun}`,
          feedTime: '2025-07-28T15:00:04+02:00',
          publishedAt: '2025-07-28T13:10:00.000Z',
          stations: 10,
          prices: 10,
          parts: publishedObjects(snapshotOf(publishedRun)).parts,
        },
      }
    : {},
);
// This deployment's cursor signing key (functions/http/lib/cursors.ts).
const cursorKey = { PK: 'SECRET#cursor', SK: 'SECRET' };
ddb
  .on(GetCommand, { Key: cursorKey })
  .resolves({ Item: { ...cursorKey, secret: 'a-key-for-the-unit-tests' } });
s3.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
  const runId = /^snapshot\/([^/.]+)/.exec(input.Key)?.[1] ?? '';
  const body = publishedObjects(snapshotOf(runId)).objects.get(input.Key);
  // As S3 answers a missing key (the history route reads the archive's year pointers: none here).
  if (!body)
    throw Object.assign(new Error(`NoSuchKey ${input.Key}`), {
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
  return { Body: { transformToByteArray: async () => body } };
});

vi.useFakeTimers({ toFake: ['Date'] });
vi.setSystemTime(NOW);
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

const stations = (await import('#functions/http/get-stations.ts')).handler;
const station = (await import('#functions/http/get-station.ts')).handler;
const history = (await import('#functions/http/get-station-history.ts')).handler;
const searchRoute = (await import('#functions/http/get-search.ts')).handler;
const stats = (await import('#functions/http/get-stats.ts')).handler;
const fuels = (await import('#functions/http/get-fuels.ts')).handler;

type Handler = typeof stations;
const get = (
  h: Handler,
  query: Record<string, string> | null = null,
  path: Record<string, string> | null = null,
  headers: Record<string, string> = {},
): Promise<APIGatewayProxyResult> =>
  h(apiEvent({ queryStringParameters: query, pathParameters: path, headers }), testContext());
const json = <T>(res: APIGatewayProxyResult) => JSON.parse(res.body) as T;
const around = (extra: Record<string, string> = {}) => ({
  lat: String(CENTRE.lat),
  lon: String(CENTRE.lon),
  ...extra,
});

afterAll(() => {
  vi.useRealTimers();
  ddb.restore();
  s3.restore();
});

describe('before the first ingest', () => {
  test('data routes answer 503 no_data; the fuel list answers with version null', async () => {
    const res = await get(stations, around());
    expect(res.statusCode).toBe(503);
    expect(json(res)).toEqual({
      error: { code: 'no_data', message: expect.stringContaining('No fuel data') },
    });
    expect(res.headers?.['cache-control']).toBe('no-store');
    const list = await get(fuels);
    expect(list.statusCode).toBe(200);
    expect(json<FuelsResponse>(list)).toMatchObject({
      version: null,
      fuels: expect.arrayContaining([{ id: 1, code: 'Gazole', label: 'Gazole (B7)' }]),
    });
  });
});

describe('with a published snapshot', () => {
  beforeAll(() => {
    publishedRun = 'run-1';
    advance(61_000); // past both the 5 s empty-retry and the fuel list's one-minute pointer cache
  });

  test('around me: defaults, distance order, version, caching headers', async () => {
    const res = await get(stations, around());
    expect(res.statusCode).toBe(200);
    const body = json<NearbyResponse>(res);
    expect(body.version).toMatchObject({ runId: 'run-1', feedTime: '2025-07-28T15:00:04+02:00' });
    expect(body.query).toEqual({
      ...CENTRE,
      radiusKm: 5,
      fuel: null,
      sort: 'distance',
      openNow: false,
      inStock: false,
      road: null,
      brands: [],
      limit: 20,
    });
    expect(body).toMatchObject({ total: 8, withoutFuel: null, unknownHours: 'included', nextCursor: null });
    expect(body.stations[0]).toMatchObject({ id: '69000001', price: null, openNow: true });
    expect(body.stations[0]?.distanceKm).toBeLessThan(0.05);
    expect(body.stations.map((s) => s.distanceKm)).toEqual(
      [...body.stations.map((s) => s.distanceKm)].sort((a, b) => a - b),
    );
    expect(res.headers?.['cache-control']).toBe('public, max-age=60');
    expect(res.headers?.etag).toMatch(/^"[\w-]{27}"$/);
  });

  test('by price, fuel by alias: the cheapest first, stations without a usable price last (and said so)', async () => {
    const body = json<NearbyResponse>(await get(stations, around({ fuel: 'diesel', sort: 'price' })));
    expect(body.query.fuel).toBe('Gazole');
    expect(body.withoutFuel).toBe('last');
    expect(body.stations.map((s) => s.price?.price ?? null)).toEqual([
      1.649,
      1.699,
      1.699,
      1.729,
      1.759,
      1.799,
      0.001, // an outlier; 69000001, without Gazole, is not listed
    ]);
    expect(body.stations.at(-1)?.price).toMatchObject({ outlier: true });
    expect(body.stations[3]?.price).toMatchObject({ stale: true, ageHours: 198.5 });
  });

  test('openNow=true leaves out unknown hours and says so; inStock and road filter', async () => {
    const open = json<NearbyResponse>(await get(stations, around({ openNow: 'true' })));
    expect(open.unknownHours).toBe('excluded');
    expect(open.stations.every((s) => s.openNow === true)).toBe(true);
    expect(open.total).toBe(6);
    const inStock = json<NearbyResponse>(await get(stations, around({ fuel: '1', inStock: '1' })));
    expect(inStock.stations.map((s) => s.id)).not.toContain('69000003');
    expect(
      json<NearbyResponse>(await get(stations, around({ road: 'A' }))).stations.map((s) => s.id),
    ).toEqual(['69000006']);
  });

  test('cursor paging walks every result once, in order', async () => {
    const all = json<NearbyResponse>(
      await get(stations, around({ fuel: 'Gazole', sort: 'price' })),
    ).stations.map((s) => s.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: NearbyResponse = json<NearbyResponse>(
        await get(
          stations,
          around({ fuel: 'Gazole', sort: 'price', limit: '3', ...(cursor ? { cursor } : {}) }),
        ),
      );
      expect(page.total).toBe(7); // 69000001 sells no Gazole
      seen.push(...page.stations.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  test('a cursor used with other parameters, or forged, is a 400 on `cursor`', async () => {
    const first = json<NearbyResponse>(await get(stations, around({ limit: '2' })));
    const cursor = first.nextCursor as string;
    const other = await get(stations, around({ limit: '2', radiusKm: '3', cursor }));
    expect(other.statusCode).toBe(400);
    expect(json(other)).toMatchObject({
      error: { code: 'invalid', field: 'cursor', message: expect.stringContaining('another query') },
    });
    const forged = Buffer.from(JSON.stringify({ o: 4, q: 'x', r: 'run-1' })).toString('base64url');
    for (const bad of [`${forged}.AAAAAAAAAAAAAAAAAAAAAA`, forged, 'not-a-cursor']) {
      const res = await get(stations, around({ limit: '2', cursor: bad }));
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ error: { field: 'cursor' } });
    }
  });

  test('the station: everything, with national and département ranks', async () => {
    const res = await get(station, null, { id: '69000002' });
    expect(res.statusCode).toBe(200);
    const { station: s } = json<StationResponse>(res);
    expect(s).toMatchObject({
      id: '69000002',
      address: '10 Quai Saint-Vincent',
      openNow: true,
      hours: { automat24: false },
      closure: null,
      services: [],
      outOfStockDetails: [],
    });
    // Comparable Gazole prices: 1.649 1.699 1.699 1.759 1.799 in 69 and 1.6 (38), 1.85 (75); 1.729 is old.
    expect(s.prices.find((p) => p.fuel === 'Gazole')?.rank).toEqual({
      national: { rank: 3, of: 7 },
      dept: { rank: 2, of: 5 },
    });
    const old = json<StationResponse>(await get(station, null, { id: '69000004' }));
    expect(old.station.prices[0]?.rank).toBeNull();
  });

  test('an unknown station is a 404; a malformed id a 400 on `id`, before any lookup', async () => {
    const unknown = await get(station, null, { id: '12345678' });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ error: { code: 'not_found', field: 'id' } });
    for (const id of ['../etc', '12345678901', '123456', 'abcdefgh', "1' OR '1'='1", '{"$gt":""}', '']) {
      const res = await get(station, null, { id });
      expect(res.statusCode, id).toBe(400);
      expect(json(res), id).toMatchObject({ error: { code: 'invalid', field: 'id' } });
    }
  });

  test('search: places and stations; empty, too long or unknown parameters are 400', async () => {
    const body = json<SearchResponse>(await get(searchRoute, { q: 'LYON' }));
    expect(body.kind).toBe('text');
    expect(body.places[0]).toMatchObject({ town: 'Lyon', match: 'exact' });
    expect(body.version.runId).toBe('run-1');
    for (const [query, field] of [
      [{ q: '' }, 'q'],
      [{ q: '   ' }, 'q'],
      [{ q: 'x'.repeat(10_240) }, 'q'],
      [{}, 'q'],
      [{ q: 'lyon', limit: '0' }, 'limit'],
      [{ q: 'lyon', where: 'x' }, 'where'],
    ] as const) {
      const res = await get(searchRoute, query);
      expect(res.statusCode, JSON.stringify(query).slice(0, 40)).toBe(400);
      expect(json(res)).toMatchObject({ error: { field } });
    }
    for (const q of ["' OR 1=1 --", '{"$gt":""}', '<script>alert(1)</script>']) {
      const res = await get(searchRoute, { q });
      expect(res.statusCode).toBe(200);
      expect(json<SearchResponse>(res)).toMatchObject({ places: [], stations: [] });
    }
  });

  test('history: one Query per fuel over the window, oldest first, with the current price', async () => {
    ddb.on(QueryCommand).callsFake(async (input: { ExpressionAttributeValues: Record<string, string> }) => {
      const pk = input.ExpressionAttributeValues[':pk'];
      return pk === 'HIST#69000002#Gazole'
        ? {
            Items: [
              { SK: '2025-07-20T08:00:00+02:00', price: 1.719 },
              { SK: '2025-07-28T09:00:00+02:00', price: 1.699 },
            ],
          }
        : { Items: [] };
    });
    ddb.resetHistory();
    const res = await get(history, { days: '10' }, { id: '69000002' });
    expect(res.statusCode).toBe(200);
    const body = json<HistoryResponse>(res);
    expect(body.series.map((s) => s.fuel)).toEqual(['Gazole', 'E10']);
    expect(body.series[0]).toMatchObject({
      points: [
        { at: '2025-07-20T08:00:00+02:00', price: 1.719 },
        { at: '2025-07-28T09:00:00+02:00', price: 1.699 },
      ],
      current: { price: 1.699, fuel: 'Gazole' },
    });
    const queries = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues);
    expect(queries).toHaveLength(2);
    // Ten days back from "now", in Paris wall-clock time (the sort keys' format).
    expect(queries[0]).toMatchObject({ ':from': '2025-07-18T15:31:00', ':to': '2025-07-28T15:31:00~' });

    const one = json<HistoryResponse>(await get(history, { fuel: 'e10' }, { id: '69000002' }));
    expect(one).toMatchObject({ days: 30, series: [{ fuel: 'E10', points: [] }] });
    expect((await get(history, null, { id: '12345678' })).statusCode).toBe(404);
    for (const [query, field] of [
      [{ fuel: 'kerosene' }, 'fuel'],
      [{ days: '0' }, 'days'],
      [{ days: '366' }, 'days'],
      [{ days: 'week' }, 'days'],
    ] as const) {
      const res = await get(history, query, { id: '69000002' });
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ error: { field } });
    }
  });

  test('stats: current figures from the snapshot (FR first), daily series in batches of 100 keys', async () => {
    ddb
      .on(BatchGetCommand)
      .callsFake(async (input: { RequestItems: Record<string, { Keys: { PK: string; SK: string }[] }> }) => {
        const keys = input.RequestItems['plein-test']?.Keys ?? [];
        return {
          Responses: {
            'plein-test': keys
              .filter((k) => k.PK >= 'STATS#2025-07-27')
              .map((k) => ({
                PK: k.PK,
                fuel: k.SK.split('#')[1],
                min: 1.5,
                median: 1.7,
                mean: 1.71,
                count: 100,
              })),
          },
        };
      });
    ddb.resetHistory();
    const body = json<StatsResponse>(await get(stats, { days: '30' }));
    expect(body.day).toBe('2025-07-28');
    expect(body.current[0]).toMatchObject({ dept: 'FR', fuel: 'Gazole' });
    // National Gazole: the 7 comparable prices of the fixtures.
    expect(body.current.find((c) => c.dept === 'FR' && c.fuel === 'Gazole')).toMatchObject({
      count: 7,
      min: 1.6,
      median: 1.699,
    });
    expect(body.current.some((c) => c.dept === '38')).toBe(true);
    expect(body.series.map((s) => `${s.day}/${s.fuel}`)).toEqual(
      ['2025-07-27', '2025-07-28'].flatMap((d) =>
        ['Gazole', 'SP95', 'E85', 'GPLc', 'E10', 'SP98'].map((f) => `${d}/${f}`),
      ),
    );
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2); // 30 days × 6 fuels = 180 keys

    const dept = json<StatsResponse>(await get(stats, { dept: '38', fuel: 'gazole', days: '2' }));
    expect(dept.current.map((c) => c.dept)).toEqual(['FR', '38']);
    expect(dept.series).toHaveLength(2);
    for (const [query, field] of [
      [{ dept: '20' }, 'dept'],
      [{ dept: 'XX' }, 'dept'],
      [{ days: '400' }, 'days'],
      [{ fuel: 'petrol' }, 'fuel'],
    ] as const) {
      const res = await get(stats, query);
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ error: { field } });
    }
  });

  test('the fuel list carries the published version', async () => {
    const res = await get(fuels);
    expect(json<FuelsResponse>(res).version?.runId).toBe('run-1');
    expect(res.headers?.['cache-control']).toBe('public, max-age=3600');
  });
});

describe('bad input on the around-me route: a 400 naming the field, never a 500 or a stack trace', () => {
  test.each([
    [{ lon: '4.8' }, 'lat'],
    [{ lat: '45.7' }, 'lon'],
    [{ lat: 'abc', lon: '4.8' }, 'lat'],
    [{ lat: '', lon: '4.8' }, 'lat'],
    [{ lat: 'NaN', lon: '4.8' }, 'lat'],
    [{ lat: '91', lon: '4.8' }, 'lat'],
    [{ lat: '45.7', lon: '200' }, 'lon'],
    [{ lat: '45.7', lon: '-180.5' }, 'lon'],
    [{ lat: "' OR 1=1 --", lon: '4.8' }, 'lat'],
    [{ lat: '{"$gt":""}', lon: '4.8' }, 'lat'],
    [{ lat: '45.7', lon: '4.8', radiusKm: '0' }, 'radiusKm'],
    [{ lat: '45.7', lon: '4.8', radiusKm: '10000' }, 'radiusKm'],
    [{ lat: '45.7', lon: '4.8', radiusKm: '-5' }, 'radiusKm'],
    [{ lat: '45.7', lon: '4.8', fuel: 'kerosene' }, 'fuel'],
    [{ lat: '45.7', lon: '4.8', fuel: '{"$gt":""}' }, 'fuel'],
    [{ lat: '45.7', lon: '4.8', fuel: '9' }, 'fuel'],
    [{ lat: '45.7', lon: '4.8', sort: 'price' }, 'fuel'],
    [{ lat: '45.7', lon: '4.8', sort: 'cheapest' }, 'sort'],
    [{ lat: '45.7', lon: '4.8', inStock: 'true' }, 'fuel'],
    [{ lat: '45.7', lon: '4.8', openNow: 'maybe' }, 'openNow'],
    [{ lat: '45.7', lon: '4.8', road: 'X' }, 'road'],
    [{ lat: '45.7', lon: '4.8', limit: '-1' }, 'limit'],
    [{ lat: '45.7', lon: '4.8', limit: '1000000' }, 'limit'],
    [{ lat: '45.7', lon: '4.8', limit: '2.5' }, 'limit'],
    [{ lat: '45.7', lon: '4.8', cursor: 'forged' }, 'cursor'],
    [{ lat: '45.7', lon: '4.8', cursor: 'x'.repeat(300) }, 'cursor'],
    [{ lat: '45.7', lon: '4.8', radius: '5' }, 'radius'],
    [{ lat: '45.7', lon: '4.8', 'lat; DROP TABLE': '1' }, 'lat; DROP TABLE'],
  ])('%j → 400 on %s', async (query, field) => {
    const res = await get(stations, query);
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toMatch(/^application\/json/);
    expect(json(res)).toEqual({ error: { code: 'invalid', field, message: expect.any(String) } });
    expect(res.body).not.toMatch(/at .*\.ts:\d+|stack/i);
  });
});

describe('conditional requests', () => {
  test('If-None-Match with the ETag → 304 without a body; W/ and lists work; other values → 200', async () => {
    const first = await get(stations, around({ fuel: 'Gazole' }));
    const etag = first.headers?.etag as string;
    const again = await get(stations, around({ fuel: 'Gazole' }), null, { 'If-None-Match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers).toMatchObject({ etag, 'cache-control': 'public, max-age=60' });
    expect(
      (await get(stations, around({ fuel: 'Gazole' }), null, { 'if-none-match': `W/${etag}` })).statusCode,
    ).toBe(304);
    expect(
      (await get(stations, around({ fuel: 'Gazole' }), null, { 'if-none-match': `"x", ${etag}` })).statusCode,
    ).toBe(304);
    expect(
      (await get(stations, around({ fuel: 'Gazole' }), null, { 'if-none-match': '"other"' })).statusCode,
    ).toBe(200);
  });

  test('the ETag follows the normalized query (same meaning, same tag), the minute and the snapshot', async () => {
    const tag = async (
      h: Handler,
      q: Record<string, string> | null,
      p: Record<string, string> | null = null,
    ) => (await get(h, q, p)).headers?.etag;
    const a = await tag(stations, around({ fuel: 'Gazole' }));
    expect(await tag(stations, around({ fuel: 'diesel', radiusKm: '5', sort: 'distance' }))).toBe(a);
    expect(await tag(stations, around({ fuel: 'E10' }))).not.toBe(a);
    const s = await tag(searchRoute, { q: 'lyon' });
    advance(60_000); // the next minute: price ages may change, search results do not
    expect(await tag(stations, around({ fuel: 'Gazole' }))).not.toBe(a);
    expect(await tag(searchRoute, { q: 'lyon' })).toBe(s);
  });

  test('errors carry no ETag and are never cached', async () => {
    const res = await get(station, null, { id: '12345678' });
    expect(res.headers?.etag).toBeUndefined();
    expect(res.headers?.['cache-control']).toBe('no-store');
  });
});

describe('warm calls', () => {
  test('no DynamoDB request within the minute; one pointer read after it; a new run is loaded', async () => {
    await get(stations, around());
    ddb.resetHistory();
    s3.resetHistory();
    for (let i = 0; i < 50; i++) await get(stations, around({ fuel: 'Gazole', sort: 'price' }));
    expect(ddb.calls()).toHaveLength(0);
    const cursor = json<NearbyResponse>(await get(stations, around({ limit: '2' }))).nextCursor as string;

    publishedRun = 'run-2';
    advance(61_000);
    const body = json<NearbyResponse>(await get(stations, around()));
    expect(body.version.runId).toBe('run-2');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    // The new run's kd-tree and the one shard of stations in reach: never the whole snapshot.
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'snapshot/run-2/geo.bin',
      'snapshot/run-2/shard-0.json.gz',
    ]);
    // A cursor from the previous snapshot is refused rather than mixing versions.
    const stale = await get(stations, around({ limit: '2', cursor }));
    expect(stale.statusCode).toBe(400);
    expect(json(stale)).toMatchObject({
      error: { field: 'cursor', message: expect.stringContaining('changed') },
    });
  });
});
