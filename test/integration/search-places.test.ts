import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { SearchResponse } from '#shared/api/types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import type { Station } from '#shared/domain/station.ts';
import { publishSnapshot } from '#shared/ingest/publish.ts';
import { createS3Client } from '#shared/s3.ts';
import { startApiProduct } from '../helpers/product.ts';
import { putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

/**
 * GET /api/search on the local product (issue 17): communes and arrondissements from the snapshot's search
 * part, and the Géoplateforme geocoder for addresses — here a local stub server standing in for it
 * (GEOCODER_URL), then unreachable (the documented fallback: the snapshot alone, not cached).
 */
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let stub: Server;
let stubUrl = '';
const asked: URLSearchParams[] = [];

const at = (id: string, cp: string, town: string, address: string, lat: number, lon: number): Station =>
  makeStation(id, {
    cp,
    dept: cp.slice(0, 2),
    town,
    address,
    lat,
    lon,
    prices: recentPrices({ Gazole: 1.7 }),
  });
const STATIONS = [
  at('75015001', '75015', 'PARIS', '15 Rue de la Convention', 48.8412, 2.2886),
  at('75007001', '75007', 'PARIS', '15 Avenue de Suffren', 48.8553, 2.2965),
  at('19500001', '19500', 'MEYSSAC', 'Route de Brive', 45.05, 1.67),
  at('36000001', '36000', 'CHâTEAUROUX', 'Avenue de la Châtre', 46.8, 1.69),
];

/** GeoJSON as the Géoplateforme answers: address features (`type`), a POI (`_type: 'poi'`, lists). */
const FEATURES = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [1.6551, 45.0594] },
      properties: {
        label: 'Collonges-la-Rouge',
        type: 'municipality',
        citycode: '19057',
        postcode: '19500',
        city: 'Collonges-la-Rouge',
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.2931, 48.8396] },
      properties: {
        label: '120 Rue de la Convention 75015 Paris',
        type: 'housenumber',
        citycode: '75115',
        postcode: '75015',
        city: 'Paris',
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.2945, 48.8582] },
      properties: {
        _type: 'poi',
        toponym: 'Tour Eiffel',
        postcode: ['75007'],
        city: ['Paris'],
        citycode: ['75107'],
      },
    },
    { type: 'Feature', geometry: { type: 'Point', coordinates: ['x', 1] }, properties: { label: 'broken' } },
  ],
};

const get = async (q: string) => {
  const res = await fetch(`${product.url}/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return { res, body: (await res.json()) as SearchResponse };
};

beforeAll(async () => {
  stub = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    if (url.pathname !== '/geocodage/search') return void res.writeHead(404).end();
    asked.push(url.searchParams);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(FEATURES));
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/geocodage`;
  ({ product, stop } = await startApiProduct('search-places'));
  const table = openTable(product.resources.tableName, createDocumentClient());
  await putStations(table, STATIONS);
  // As the ingest publishes (with the communes in the search part), not the seed helper's pre-parts path.
  const now = new Date().toISOString();
  await publishSnapshot(table, createS3Client(), product.resources.buckets.data, {
    version: { runId: now, feedHash: 'test', feedTime: now, publishedAt: now },
    stationJson: STATIONS.map((s) => JSON.stringify(s)),
    index: {},
    stations: STATIONS.length,
    prices: STATIONS.length,
    feed: {},
    previous: null,
    keep: 2,
  });
});
afterAll(async () => {
  process.env.GEOCODER_URL = 'off';
  await stop?.();
  stub?.close();
});

describe('with the geocoder reachable (a stub of the Géoplateforme)', () => {
  test('addresses and landmarks join the communes; a roughly placed commune gets its true centre', async () => {
    process.env.GEOCODER_URL = stubUrl;
    const { res, body } = await get('Collonges-la-Rouge');
    expect(asked.at(-1)?.get('q')).toBe('Collonges-la-Rouge');
    expect(asked.at(-1)?.get('index')).toBe('address,poi');
    expect(asked.at(-1)?.get('limit')).toBe('10');
    expect(body.places[0]).toMatchObject({
      kind: 'commune',
      label: 'Collonges-la-Rouge (19500)',
      code: '19057',
      centre: 'geocoder',
      lat: 45.0594,
      lon: 1.6551,
    });
    expect(body.places.map((p) => [p.kind, p.label])).toEqual([
      ['commune', 'Collonges-la-Rouge (19500)'],
      ['address', '120 Rue de la Convention 75015 Paris'],
      ['landmark', 'Tour Eiffel, 75007 Paris'],
    ]);
    expect(body.places[1]).toMatchObject({ cp: '75015', dept: '75', centre: 'geocoder', stations: 0 });
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  test('an arrondissement its stations place needs no geocoder, and no address of another one', async () => {
    const before = asked.length;
    const { body } = await get('Paris 15e');
    expect(asked.length).toBe(before);
    expect(body.places.map((p) => p.label)).toEqual(['Paris 15e (75015)']);
    expect(body.stations.map((s) => s.id)).toEqual(['75015001']);
  });
});

describe('with the geocoder unreachable (the offline fallback)', () => {
  test('communes and the stations’ addresses still answer, in time and not cached', async () => {
    process.env.GEOCODER_URL = 'http://127.0.0.1:9/geocodage'; // nothing listens on the discard port
    const started = Date.now();
    const { res, body } = await get('Collonges-la-Rouge');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(body.places[0]).toMatchObject({
      label: 'Collonges-la-Rouge (19500)',
      centre: 'postcode',
      stations: 0,
    });
    expect(body.places.every((p) => p.centre !== 'geocoder')).toBe(true);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const street = await get('rue de la convention');
    expect(street.body.stations.map((s) => s.id)).toEqual(['75015001']);
    const typo = await get('Chateauroux');
    expect(typo.body.places[0]).toMatchObject({
      town: 'Châteauroux',
      label: 'Châteauroux (36000)',
      stations: 1,
    });
  });
});
