import { readFileSync } from 'node:fs';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { NearbyResponse, StationResponse } from '#shared/api/types.ts';
import { putNameOverride } from '#shared/db/name-overrides.ts';
import type { DataHealth } from '#shared/domain/health.ts';
import type { NamesTable } from '#shared/domain/names.ts';
import { putNamesTable } from '#shared/names/store.ts';
import { NAMES } from '#shared/platform.ts';
import { apiEvent, testContext } from '../helpers/api-event.ts';
import { bytes, startFeedServer } from '../helpers/ingest/feed-server.ts';
import { feedXml } from '../helpers/ingest/feeds.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { namesTableFromCsv, withVersion } from '../helpers/names.ts';
import { startApiProduct } from '../helpers/product.ts';

/**
 * Names and brands joined by the ingest (issue 16), end to end on the local product: the real ruptures feed
 * and a names table built from the real OSM file, read back through the API handlers. Then a names change
 * with the same feed bytes (file, then HTTP with an ETag) is re-published, and a failing names read leaves
 * the published data as it was.
 */
const FEED = '../shared/feeds/instantane_ruptures_2026-06-05_jstoudji1.zip';

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let h: ReturnType<typeof ingestHarness>;
let table: NamesTable;
let feedIds: string[];

const handlers = {
  stations: () => import('#functions/http/get-stations.ts'),
  station: () => import('#functions/http/get-station.ts'),
  health: () => import('#functions/http/get-health.ts'),
};

/** One API call, in-process (the handlers of the routes, behind their middleware). */
async function call<T>(
  name: keyof typeof handlers,
  query: Record<string, string> | null,
  path: Record<string, string> | null = null,
): Promise<{ res: APIGatewayProxyResult; body: T }> {
  const { handler } = await handlers[name]();
  const res = await handler(apiEvent({ queryStringParameters: query, pathParameters: path }), testContext());
  expect(res.statusCode, res.body).toBe(200);
  return { res, body: JSON.parse(res.body || 'null') as T };
}

/**
 * One ingest run. The routes re-read the published pointer at most once a minute per instance: the next
 * calls go to new instances (fresh modules, a cold start) so they see what this run published.
 */
async function ingest(...args: Parameters<typeof h.ingest>) {
  const run = await h.ingest(...args);
  vi.resetModules();
  return run;
}

const station = async (id: string) => (await call<StationResponse>('station', null, { id })).body.station;
const publish = (t: NamesTable) => putNamesTable(h.s3, product.resources.buckets.data, t);

/** A copy of the table with one entry's name changed (a new version, as a refresh would give). */
function renamed(t: NamesTable, id: string, name: string): NamesTable {
  const entry = t.entries[id];
  if (!entry) throw new Error(`no entry ${id}`);
  return withVersion({ ...t, entries: { ...t.entries, [id]: { ...entry, name } } });
}

beforeAll(async () => {
  ({ product, stop } = await startApiProduct('ingest-names'));
  h = ingestHarness({ resources: product.resources } as TestStack);
  table = await namesTableFromCsv();
  feedIds = [...feedXml(FEED).matchAll(/<pdv id="(\d+)"/g)].map((m) => m[1] as string);
  await publish(table);
}, 120_000);

afterAll(async () => {
  h?.inject(null);
  await stop?.();
});

describe('names joined into the published stations', { timeout: 300_000 }, () => {
  test('the real ruptures feed with the real OSM names: ≥ 95% named through the API, stock-outs served', async () => {
    const run = await ingest([FEED]);
    expect(run).toMatchObject({ status: 'succeeded', stations: feedIds.length, namesVersion: table.version });
    expect(run.overridesHash).toBeNull();

    // Coverage over every published station, on the run, the pointer and GET /api/health.
    const health = (await call<DataHealth>('health', null)).body;
    expect(health.names).toEqual(run.names);
    expect((await h.published())?.names).toEqual(run.names);
    const names = health.names;
    expect(names).toMatchObject({ stations: feedIds.length, namesVersion: table.version });
    expect((names?.withEither ?? 0) / feedIds.length).toBeGreaterThanOrEqual(0.95);
    expect((names?.withEither ?? 0) + (names?.neither ?? 0)).toBe(feedIds.length);
    const unmatched = Object.keys(table.entries).filter((id) => !feedIds.includes(id)).length;
    expect(names?.unmatchedOsmIds).toBe(unmatched);

    // The stations around ten cities, every page, as the list serves them.
    const cities = [
      [48.8566, 2.3522],
      [45.764, 4.8357],
      [43.2965, 5.3698],
      [43.6047, 1.4442],
      [44.8378, -0.5792],
      [50.6292, 3.0573],
      [47.2184, -1.5536],
      [48.5734, 7.7521],
      [45.1589, 1.5321],
      [48.1173, -1.6778],
    ];
    const seen = new Map<string, NearbyResponse['stations'][number]>();
    for (const [lat, lon] of cities) {
      const q = { lat: String(lat), lon: String(lon), radiusKm: '50', limit: '100' };
      let cursor: string | null | undefined;
      do {
        const page = (await call<NearbyResponse>('stations', cursor ? { ...q, cursor } : q)).body;
        for (const s of page.stations) seen.set(s.id, s);
        cursor = page.nextCursor;
      } while (cursor);
    }
    const listed = [...seen.values()];
    expect(listed.length).toBeGreaterThan(2000);
    const named = listed.filter((s) => s.name || s.brand).length;
    expect(named / listed.length).toBeGreaterThanOrEqual(0.95);
    // What the list says is the table's entry, for every station listed.
    const wrong = listed.filter(
      (s) =>
        s.name !== (table.entries[s.id]?.name ?? null) || s.brand !== (table.entries[s.id]?.brand ?? null),
    );
    expect(wrong.map((s) => s.id)).toEqual([]);
    expect(listed.filter((s) => s.outOfStock.length > 0).length).toBeGreaterThan(100);

    // One station in full: its name and brand, and its stock-outs with their kind and start.
    const saintSever = await station('40500002');
    expect(saintSever).toMatchObject({
      name: table.entries['40500002']?.name ?? null,
      brand: table.entries['40500002']?.brand ?? null,
      outOfStock: expect.arrayContaining(['E85', 'SP95', 'E10']),
    });
    expect(saintSever.outOfStockDetails).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          fuel: 'E10',
          type: 'temporaire',
          since: expect.stringMatching(/^2026-03-23/),
        }),
        expect.objectContaining({ fuel: 'E85', type: 'definitive' }),
      ]),
    );

    // The station item the account routes read carries them too.
    const someNamed = feedIds.find((id) => table.entries[id]?.name) as string;
    expect(await h.stationItem(someNamed)).toMatchObject({ name: table.entries[someNamed]?.name });
  });

  test('a name changed in the table, the SAME feed file: re-published, that station only; then skipped', async () => {
    const id = feedIds.find((i) => table.entries[i]?.name) as string;
    const before = await h.published();
    table = renamed(table, id, 'Relais Plein (renommé)');
    await publish(table);

    const run = await ingest([FEED]);
    expect(run).toMatchObject({
      status: 'succeeded',
      namesVersion: table.version,
      changed: 1,
      historyWritten: 0,
      feedHash: before?.feedHash,
    });
    expect(h.counters.batchItems).toMatchObject({ STATION: 1 });
    expect(await h.published()).toMatchObject({ runId: run.runId, namesVersion: table.version });
    expect((await station(id)).name).toBe('Relais Plein (renommé)');

    // Same bytes, same names: nothing to do, and the file is not even read.
    expect(await ingest([FEED])).toMatchObject({
      status: 'skipped',
      reason: 'unchanged',
      detail: 'same SHA-256 (file checked before reading)',
    });
  });

  test('over HTTP: a 304 and the same SHA-256 skip only while the names are the published ones', async () => {
    const server = await startFeedServer({
      '/instantane_ruptures': bytes(new Uint8Array(readFileSync(FEED)), { etag: '"r1"' }),
    });
    try {
      const url = server.url('/instantane_ruptures');
      // Another source, the same bytes and names: read once, skipped, its ETag remembered.
      expect(await ingest([url])).toMatchObject({ status: 'skipped', detail: 'same SHA-256' });
      expect(await ingest([url])).toMatchObject({ status: 'skipped', detail: 'HTTP 304 Not Modified' });
      expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"r1"');

      // An accepted correction moves the overrides: no conditional request, the same bytes re-published.
      const id = feedIds.find((i) => table.entries[i]?.brand && i !== '40500002') as string;
      await putNameOverride(h.deps.table, {
        stationId: id,
        name: 'Garage Corrigé',
        brand: null,
        reportId: 'report-1',
        acceptedAt: new Date().toISOString(),
      });
      const run = await ingest([url]);
      expect(server.requests.at(-1)?.headers['if-none-match']).toBeUndefined();
      expect(run).toMatchObject({ status: 'succeeded', changed: 1, source: url });
      expect(run.overridesHash).toMatch(/^[0-9a-f]{16}$/);
      expect(await station(id)).toMatchObject({ name: 'Garage Corrigé', brand: null });
      expect((await h.published())?.overridesHash).toBe(run.overridesHash);

      // A new names version with the same bytes over HTTP: no 304 either.
      table = renamed(table, id, 'Ignoré: la correction prime');
      await publish(table);
      const again = await ingest([url]);
      expect(server.requests.at(-1)?.headers['if-none-match']).toBeUndefined();
      // The override still wins: the table's new name for that station changes nothing it publishes.
      expect(again).toMatchObject({ status: 'succeeded', changed: 0, namesVersion: table.version });
      expect(await station(id)).toMatchObject({ name: 'Garage Corrigé' });
      expect(await ingest([url])).toMatchObject({ status: 'skipped', detail: 'HTTP 304 Not Modified' });
    } finally {
      await server.stop();
    }
  });

  test('a failing names or overrides read fails the run (NAMES_UNAVAILABLE); the published data stays', async () => {
    const before = await h.published();
    const id = feedIds.find((i) => table.entries[i]?.name && table.entries[i]?.brand) as string;
    const served = await station(id);
    expect(served.name).not.toBeNull();

    h.inject((command, input) =>
      command === 'GetObjectCommand' && input.Key === NAMES.objectKey
        ? Object.assign(new Error('We encountered an internal error.'), { name: 'InternalError' })
        : undefined,
    );
    // Forced: without the guard this run would publish every station without its name.
    const run = await ingest([FEED], { force: true });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'NAMES_UNAVAILABLE' } });
    expect(run.error?.message).toMatch(/names table could not be read/);
    expect(h.counters.requests.PutObjectCommand).toBeUndefined();

    h.inject((command, input) =>
      command === 'QueryCommand' && JSON.stringify(input).includes('NAMEOVERRIDE')
        ? Object.assign(new Error('Throttled'), { name: 'ProvisionedThroughputExceededException' })
        : undefined,
    );
    const run2 = await ingest([FEED], { force: true });
    expect(run2).toMatchObject({ status: 'failed', error: { code: 'NAMES_UNAVAILABLE' } });
    expect(run2.error?.message).toMatch(/name overrides could not be read/);
    h.inject(null);

    expect(await h.published()).toEqual(before);
    expect(await station(id)).toMatchObject({ name: served.name, brand: served.brand });
    expect(await h.stationItem(id)).toMatchObject({ name: served.name, brand: served.brand });
  });
});
