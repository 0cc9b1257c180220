// Over 300 lines on purpose: one test stack shared by the bad-input cases, one table of cases each.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openTable } from '#shared/db/client.ts';
import { readDailyStats } from '#shared/db/daily-stats.ts';
import type { IngestRun } from '#shared/ingest/index.ts';
import { getSnapshot } from '#shared/ingest/snapshot.ts';
import {
  bytes,
  hang,
  type Route,
  stallAfter,
  startFeedServer,
  status,
} from '../helpers/ingest/feed-server.ts';
import {
  COUNTS,
  FEEDS,
  feedXml,
  firstStations,
  lastStations,
  smallFeedXml,
  zipXml,
} from '../helpers/ingest/feeds.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import { dataWrites } from '../helpers/ingest/instrument.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

/**
 * Each bad input must end as a failed run with a clear reason while the published data (pointer, snapshot
 * object, a sampled station item) stays exactly as it was. The feed reader's own tests cover the parsing;
 * these check that the pipeline turns each case into the right run outcome.
 */

let stack: TestStack;
let h: ReturnType<typeof ingestHarness>;
let server: Awaited<ReturnType<typeof startFeedServer>>;
let tmp: string;
const realZip = new Uint8Array(readFileSync(FEEDS.national2025));
const realXml = feedXml(FEEDS.national2025);
const SAMPLE_ID = '37310001'; // a station of the national file

const routes: Record<string, Route> = {
  '/404': status(404),
  '/500': status(500),
  '/502': status(502),
  '/hang': hang,
  '/stall': stallAfter(realZip, 100_000),
  '/html': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        '<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Revenez plus tard</body></html>',
      ),
  '/empty': bytes(new Uint8Array(0)),
  '/chunked': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/zip' }); // no content-length: chunked
    for (let at = 0; at < realZip.length; at += 64 * 1024) res.write(realZip.subarray(at, at + 64 * 1024));
    res.end();
  },
};

async function publishedState() {
  const pointer = await h.published();
  return {
    pointer,
    snapshotSize: pointer ? await h.objectSize(stack.resources.buckets.data, pointer.snapshotKey) : null,
    station: await h.stationItem(SAMPLE_ID),
  };
}

/** Runs the ingest and checks: failed with `code`, nothing written, published data untouched. */
async function expectRefused(sources: string[], code: string, options = {}): Promise<IngestRun> {
  const before = await publishedState();
  const run = await h.ingest(sources, options);
  expect(run.status).toBe('failed');
  expect(run.error?.code, run.error?.message).toBe(code);
  expect(run.error?.message).toMatch(/\w{3}/);
  expect(dataWrites(h.counters)).toEqual({ stations: 0, history: 0 });
  expect(await publishedState()).toEqual(before);
  expect(JSON.parse(h.metrics.at(-1) ?? '{}').IngestSucceeded).toBe(0);
  return run;
}

async function file(name: string, content: Uint8Array | string): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, content);
  return path;
}

beforeAll(async () => {
  stack = await startTestStack();
  h = ingestHarness(stack);
  server = await startFeedServer(routes);
  tmp = await mkdtemp(join(tmpdir(), 'plein-bad-feeds-'));
  const baseline = await h.ingest([FEEDS.national2025]);
  expect(baseline.status).toBe('succeeded');
  expect((await publishedState()).station).toMatchObject({ id: SAMPLE_ID });
});
afterAll(async () => {
  await server?.stop();
  await stack?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('unreachable sources', () => {
  test.each([404, 500, 502])('HTTP %i with no other source', async (code) => {
    const run = await expectRefused([server.url(`/${code}`)], 'SOURCE_UNAVAILABLE');
    expect(run.error?.message).toContain(`HTTP ${code}`);
  });

  test('no response within the timeout', async () => {
    const run = await expectRefused([server.url('/hang')], 'SOURCE_UNAVAILABLE', {
      limits: { fetchTimeoutMs: 300 },
    });
    expect(run.error?.message).toContain('timeout: no response within 300 ms');
  });

  test('a body that stalls half-way (its partial archive is removed)', async () => {
    // The body stops for good after 100 kB, so any timeout ends in "stalled"; but one as short as the
    // hang case above can also run out before the headers and first bytes are read, on a loaded machine
    // (a descheduled process runs its expired timers before reading the socket), which is another outcome.
    const run = await expectRefused([server.url('/stall')], 'SOURCE_UNAVAILABLE', {
      limits: { fetchTimeoutMs: 5_000 },
    });
    expect(run.error?.message).toContain('the body stalled');
    expect(h.counters.requests.PutObjectCommand).toBeUndefined();
    expect(h.counters.requests.DeleteObjectCommand).toBe(1);
  });

  test('a host that does not resolve, and a missing file', async () => {
    const run = await expectRefused(
      ['https://feed.invalid/instantane', join(tmp, 'missing.zip')],
      'SOURCE_UNAVAILABLE',
    );
    expect(run.error?.message).toMatch(
      /^no source could be read: https:\/\/feed\.invalid\/instantane \(\w+\); .*missing\.zip \(no such file\)$/,
    );
  });

  test('falls back to the next source and says why', async () => {
    const run = await h.ingest([server.url('/502'), FEEDS.national2025]);
    // Same bytes as published: skipped, but from the fallback file.
    expect(run).toMatchObject({ status: 'skipped', reason: 'unchanged', source: FEEDS.national2025 });
    expect(run.attempts).toEqual([
      { source: server.url('/502'), error: 'HTTP 502 Bad Gateway' },
      { source: FEEDS.national2025 },
    ]);
    expect(h.logs.map((l) => l.message)).toContain(
      `feed URL unreachable (HTTP 502 Bad Gateway), using local file ${FEEDS.national2025}`,
    );
  });
});

describe('content that is not a feed', () => {
  test('an HTML page served with status 200 (archived as evidence)', async () => {
    const run = await expectRefused([server.url('/html')], 'NOT_A_ZIP');
    expect(run.error?.message).toContain('HTML page');
    expect(run.archiveKey).toMatch(/\.bin$/);
    expect(await h.objectSize(stack.resources.buckets.archive, String(run.archiveKey))).toBeGreaterThan(0);
  });

  test('an empty body', async () => {
    const run = await expectRefused([server.url('/empty')], 'EMPTY');
    expect(run.archiveKey ?? null).toBeNull();
  });

  test.each([0.5, 0.99])('a ZIP truncated at %d', async (cut) => {
    const run = await expectRefused(
      [await file(`cut-${cut}.zip`, realZip.subarray(0, Math.floor(realZip.length * cut)))],
      'TRUNCATED',
    );
    expect(run.error?.message).toBe('ZIP ends inside PrixCarburants_instantane.xml');
  });

  test('a ZIP with two entries, and one with a ../ name', async () => {
    const two = await expectRefused(
      [await file('two.zip', zipXml(realXml, undefined, { 'b.xml': '<x/>' }))],
      'BAD_ZIP',
    );
    expect(two.error?.message).toContain('more than one entry');
    const evil = await expectRefused([await file('evil.zip', zipXml(realXml, '../evil.xml'))], 'BAD_ZIP');
    expect(evil.error?.message).toContain('unsafe entry name');
  });

  test('more inflated XML than the cap', async () => {
    const run = await expectRefused([FEEDS.national2025], 'TOO_LARGE', {
      force: true, // past the "unchanged" shortcut, so the bytes are read
      limits: { maxXmlBytes: 1024 * 1024 },
    });
    expect(run.error?.message).toContain('1048576');
  });

  test('more compressed bytes than the cap, without a Content-Length', async () => {
    const run = await expectRefused([server.url('/chunked')], 'TOO_LARGE', {
      force: true,
      limits: { maxBytes: 200_000 },
    });
    expect(run.error?.message).toContain('200000');
    expect(run.archiveKey).toBeNull(); // the aborted upload is not recorded as an archive
  });

  test('XML cut in the middle of an element', async () => {
    const cut = realXml.slice(0, realXml.indexOf('<prix', realXml.length >> 1) + 12);
    await expectRefused([await file('cut-xml.zip', zipXml(cut))], 'TRUNCATED');
  });

  test('a DOCTYPE', async () => {
    const xml = realXml.replace('<pdv_liste>', '<!DOCTYPE pdv_liste [<!ENTITY boom "boom">]>\n<pdv_liste>');
    await expectRefused([await file('doctype.zip', zipXml(xml))], 'DOCTYPE');
  });

  test('bytes invalid in the declared encoding', async () => {
    const xml = realXml.replace('ISO-8859-1', 'UTF-8').replace('<ville>', '<ville>\u00ff\u00fe');
    const run = await expectRefused([await file('invalid.zip', zipXml(xml))], 'XML');
    expect(run.error?.message).toContain('UTF-8');
  });
});

describe('feeds refused by validation', { timeout: 180_000 }, () => {
  test('half the stations: SHRUNK', async () => {
    // The last half, which holds the newest price: smaller, not older (the first half is both, see force).
    const run = await expectRefused([await file('half.zip', zipXml(lastStations(realXml, 5_000)))], 'SHRUNK');
    expect(run.error?.message).toBe(
      `5000 stations, last good run had ${COUNTS.national2025.stations} (-50%, more than -10% refused)`,
    );
    expect(run.stations).toBe(5_000);
  });

  test('more than 2% unreadable records: UNREADABLE', async () => {
    let n = 0;
    const xml = realXml.replace(/valeur="[^"]*"/g, (m) => (n++ % 20 === 0 ? 'valeur="abc"' : m));
    const run = await expectRefused([await file('unreadable.zip', zipXml(xml))], 'UNREADABLE');
    expect(run.rejected).toBe(Math.ceil(COUNTS.national2025.prices / 20));
  });
});

describe('oddities that are flagged, not refused', { timeout: 180_000 }, () => {
  test('a repeated station id, a price of "abc", 0.001 and 7.9', async () => {
    const pdvs = [...realXml.matchAll(/<pdv id="(\d+)"[^>]*>[\s\S]*?<\/pdv>/g)];
    const [dup, abc, low, high] = pdvs.slice(100, 104).map((m) => ({ id: m[1] as string, xml: m[0] }));
    if (!dup || !abc || !low || !high) throw new Error('fixture: not enough stations');
    const setFirstPrice = (xml: string, value: string) => xml.replace(/valeur="[^"]*"/, `valeur="${value}"`);
    const fuelOf = (xml: string) => /<prix nom="([^"]+)"/.exec(xml)?.[1] ?? '';
    const repeated = dup.xml.replace(/<ville>[^<]*<\/ville>/, '<ville>COPIE</ville>');
    const xml = realXml
      .replace(abc.xml, setFirstPrice(abc.xml, 'abc'))
      .replace(low.xml, setFirstPrice(low.xml, '0.001'))
      .replace(high.xml, setFirstPrice(high.xml, '7.9'))
      .replace('</pdv_liste>', `${repeated}\n</pdv_liste>`);

    const run = await h.ingest([await file('odd.zip', zipXml(xml))]);
    expect(run.status).toBe('succeeded');
    expect(run.stations).toBe(COUNTS.national2025.stations);
    expect(run.rejected).toBe(2); // the repeated record and the unreadable price
    expect(run.flags).toMatchObject({ 'duplicate-id': 1, 'price-invalid': 1 });
    expect(run.flags?.['price-outlier']).toBeGreaterThanOrEqual(2);
    // Only the 3 altered stations changed (the repeat is dropped, its first record is unchanged).
    expect(run).toMatchObject({ changed: 3, stationsWritten: 3 });

    const snapshot = await getSnapshot(
      h.s3,
      stack.resources.buckets.data,
      String((await h.published())?.snapshotKey),
    );
    expect(snapshot.stations.filter((s) => s.id === dup.id)).toHaveLength(1);
    expect((await h.stationItem(dup.id))?.town).not.toBe('COPIE');

    const abcItem = await h.stationItem(abc.id);
    expect(abcItem?.prices.map((p: { fuel: string }) => p.fuel)).not.toContain(fuelOf(abc.xml));
    type ItemPrice = { fuel: string; price: number; outlier?: boolean };
    const price = async (id: string, fuel: string) =>
      (((await h.stationItem(id))?.prices ?? []) as ItemPrice[]).find((p) => p.fuel === fuel);
    expect(await price(low.id, fuelOf(low.xml))).toMatchObject({ price: 0.001, outlier: true });
    expect(await price(high.id, fuelOf(high.xml))).toMatchObject({ price: 7.9, outlier: true });

    // Outliers stay out of the statistics.
    const stats = await readDailyStats(openTable(stack.resources.tableName, h.db), '2025-07-28');
    expect(stats.every((s) => s.min >= 0.3 && s.max <= 5)).toBe(true);
  });

  test('a small generated feed with the same oddities: counted and flagged even when refused', async () => {
    const xml = smallFeedXml([
      { id: '99000001' },
      { id: '99000001' },
      {
        id: '99000002',
        prices: [
          { id: 1, nom: 'Gazole', valeur: 'abc' },
          { id: 2, nom: 'SP95', valeur: '0.001' },
          { id: 6, nom: 'SP98', valeur: '7.9' },
        ],
      },
    ]);
    const refused = await expectRefused([await file('small.zip', zipXml(xml))], 'SHRUNK');
    expect(refused).toMatchObject({ stations: 2, prices: 3, rejected: 2 });
    expect(refused.flags).toMatchObject({ 'duplicate-id': 1, 'price-invalid': 1, 'price-outlier': 1 });
  });
});

describe('force', { timeout: 180_000 }, () => {
  test('publishes a feed validation refused, and says so', async () => {
    const half = await file('half.zip', zipXml(firstStations(realXml, 5_000)));
    const run = await h.ingest([half], { force: true });
    // The 3 stations the previous test altered get their real content back; nothing else changed.
    expect(run).toMatchObject({ status: 'succeeded', stations: 5_000, changed: 3 });
    // The first half's newest price is older than the whole feed's: forced past FEED_OLDER too.
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /^forced past FEED_OLDER: newest price 2025-07-28T\S+ is older than the published/,
      ),
      `forced past SHRUNK: 5000 stations, last good run had ${COUNTS.national2025.stations} (-50%, more than -10% refused)`,
    ]);
    expect((await h.published())?.stations).toBe(5_000);
    // The other stations are marked removed, none deleted.
    expect(run.removed).toBe(COUNTS.national2025.stations - 5_000);
    expect(await h.countItems('STATION#')).toBe(COUNTS.national2025.stations);
    const removed = await getSnapshot(
      h.s3,
      stack.resources.buckets.data,
      String((await h.published())?.snapshotKey),
    );
    expect(removed.stations).toHaveLength(5_000);
  });
});
