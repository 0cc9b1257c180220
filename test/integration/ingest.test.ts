import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openTable } from '#shared/db/client.ts';
import { readDailyStats } from '#shared/db/daily-stats.ts';
import { listRuns } from '#shared/db/runs.ts';
import { getIndex, getSnapshot } from '#shared/ingest/snapshot.ts';
import { bytes, startFeedServer } from '../helpers/ingest/feed-server.ts';
import { COUNTS, FEEDS } from '../helpers/ingest/feeds.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import { dataWrites } from '../helpers/ingest/instrument.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

let stack: TestStack;
let h: ReturnType<typeof ingestHarness>;

beforeAll(async () => {
  stack = await startTestStack();
  h = ingestHarness(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('a first full load of a national feed', { timeout: 180_000 }, () => {
  test('publishes exactly the feed: items, pointer, snapshot, index, archive, run record, stats', async () => {
    const run = await h.ingest([FEEDS.national2025]);
    const { stations, prices } = COUNTS.national2025;

    expect(run).toMatchObject({
      status: 'succeeded',
      source: FEEDS.national2025,
      bytes: 966_676,
      xmlBytes: 12_268_700,
      stations,
      prices,
      changed: stations,
      skipped: 0,
      removed: 0,
      rejected: 0,
      stationsWritten: stations,
      historyWritten: prices,
      feedHash: 'baeb8103e42d48c88d2b7e543163a731886c4d16723079242be08b5898711cd7',
      feedTime: '2025-07-28T15:00:04+02:00',
    });
    expect(run.error).toBeUndefined();
    expect(run.written).toBe(stations + prices);

    expect(await h.countItems('STATION#')).toBe(stations);
    expect(await h.countItems('HIST#')).toBe(prices);
    expect(h.counters.batchItems).toMatchObject({ STATION: stations, HIST: prices });

    const pointer = await h.published();
    expect(pointer).toMatchObject({ runId: run.runId, stations, prices, feedHash: run.feedHash });
    expect(pointer?.feedTime).toBe('2025-07-28T15:00:04+02:00');

    const snapshot = await getSnapshot(h.s3, stack.resources.buckets.data, String(pointer?.snapshotKey));
    expect(snapshot.version).toEqual({
      runId: run.runId,
      feedHash: run.feedHash,
      feedTime: pointer?.feedTime,
      publishedAt: pointer?.publishedAt,
    });
    expect(snapshot.stations).toHaveLength(stations);
    expect(snapshot.stations.reduce((n, s) => n + s.prices.length, 0)).toBe(prices);
    expect(new Set(snapshot.stations.map((s) => s.id)).size).toBe(stations);

    const index = await getIndex(h.s3, stack.resources.buckets.data, String(pointer?.indexKey));
    expect(Object.keys(index)).toHaveLength(stations);

    expect(run.archiveKey).toMatch(/^raw\/\d{4}\/\d{2}\/\d{2}\/\d{6}Z-[0-9a-f]{6}\.zip$/);
    expect(await h.objectSize(stack.resources.buckets.archive, String(run.archiveKey))).toBe(966_676);

    // A station item is the Station plus its hash and write time, the same as in the snapshot.
    const sample = snapshot.stations[1234];
    const item = await h.stationItem(String(sample?.id));
    expect(item).toMatchObject({ ...sample, contentHash: index[String(sample?.id)]?.h });
    expect(item?.removedAt).toBeUndefined();

    const [recorded] = await listRuns(openTable(stack.resources.tableName, h.db), 1);
    expect(recorded).toMatchObject({ runId: run.runId, status: 'succeeded', stations, prices });
    expect(Object.keys(recorded?.timings as object)).toEqual(
      expect.arrayContaining(['lock', 'read', 'diff', 'write', 'publish', 'stats']),
    );

    const stats = await readDailyStats(openTable(stack.resources.tableName, h.db), '2025-07-28');
    const national = stats.find((s) => s.SK === 'FR#Gazole');
    expect(national?.count).toBeGreaterThan(5_000);
    expect(national?.median).toBeGreaterThan(1.4);
    expect(national?.median).toBeLessThan(2.2);
    expect(stats.find((s) => s.SK === '75#Gazole')?.count).toBeGreaterThan(10);

    const emf = JSON.parse(h.metrics.at(-1) ?? '{}');
    expect(emf).toMatchObject({ IngestSucceeded: 1, StationsChanged: stations });
    const last = h.logs.at(-1);
    expect(last).toMatchObject({
      level: 'info',
      message: 'ingest succeeded',
      fields: { run: { runId: run.runId } },
    });
  });
});

describe('consecutive feeds', { timeout: 180_000 }, () => {
  test('the next feed writes only what changed; the one after that, unchanged, writes nothing', async () => {
    const index2025 = await getIndex(
      h.s3,
      stack.resources.buckets.data,
      String((await h.published())?.indexKey),
    );
    // Forced: the 2023 feed is older than the published 2025 one (FEED_OLDER, ingest-older.test.ts).
    const before = await h.ingest([FEEDS.before], { force: true });
    expect(before).toMatchObject({ status: 'succeeded', stations: COUNTS.before.stations });

    // Stations of the 2025 feed absent from the 2023 one keep their item, marked removedAt.
    const index2023 = await getIndex(
      h.s3,
      stack.resources.buckets.data,
      String((await h.published())?.indexKey),
    );
    const gone = Object.keys(index2025).filter((id) => !(id in index2023));
    expect(gone.length).toBeGreaterThan(0);
    expect(before).toMatchObject({ removed: gone.length, removedMarked: gone.length });
    const goneItem = await h.stationItem(gone[0] as string);
    expect(goneItem).toMatchObject({ id: gone[0] });
    // Marked during that run, as an ISO instant.
    const removedAt = String(goneItem?.removedAt);
    expect(removedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(removedAt)).toBeGreaterThanOrEqual(Date.parse(before.startedAt));
    expect(Date.parse(removedAt)).toBeLessThanOrEqual(Date.parse(String(before.finishedAt)));
    // Items are the union of both feeds: nothing deleted.
    const added = COUNTS.before.stations - (Object.keys(index2025).length - gone.length);
    expect(await h.countItems('STATION#')).toBe(COUNTS.national2025.stations + added);

    const after = await h.ingest([FEEDS.after]);
    expect(after).toMatchObject({
      status: 'succeeded',
      stations: COUNTS.after.stations,
      prices: COUNTS.after.prices,
      changed: COUNTS.pair.changedStations,
      skipped: COUNTS.after.stations - COUNTS.pair.changedStations,
      removed: 0,
      stationsWritten: COUNTS.pair.changedStations,
      historyWritten: COUNTS.pair.changedPrices,
    });
    expect(dataWrites(h.counters)).toEqual({
      stations: COUNTS.pair.changedStations,
      history: COUNTS.pair.changedPrices,
    });

    const again = await h.ingest([FEEDS.after]);
    expect(again).toMatchObject({ status: 'skipped', reason: 'unchanged' });
    expect(dataWrites(h.counters)).toEqual({ stations: 0, history: 0 });
    expect(h.counters.requests.BatchWriteItemCommand).toBeUndefined();
    // Nothing stored in S3 either: the file was hashed before any upload.
    expect(h.counters.requests.PutObjectCommand).toBeUndefined();
    // Only the run record (create + final), the lock (put + delete) and one pointer read touch the table.
    expect(h.counters.itemWrites).toEqual({ RUN: 2, LOCK: 2 });
    expect((await h.published())?.runId).toBe(after.runId);
  });
});

describe('one run at a time', { timeout: 180_000 }, () => {
  test('two ingests started at once: exactly one runs, the other is skipped (locked)', async () => {
    const runs = await Promise.all([
      h.ingest([FEEDS.national2025], { force: true }),
      h.ingest([FEEDS.national2025], { force: true }),
    ]);
    const statuses = runs.map((r) => `${r.status}${r.reason ? `:${r.reason}` : ''}`).sort();
    expect(statuses).toEqual(['skipped:locked', 'succeeded']);
    const loser = runs.find((r) => r.status === 'skipped');
    const winner = runs.find((r) => r.status === 'succeeded');
    expect(loser?.lockedBy).toBe(winner?.runId);
    expect((await h.published())?.runId).toBe(winner?.runId);
    // Both are recorded, with distinct keys.
    const recorded = await listRuns(openTable(stack.resources.tableName, h.db), 2);
    expect(recorded.map((r) => r.runId).sort()).toEqual(runs.map((r) => r.runId).sort());
    // The lock was released: the next run is not blocked.
    expect((await h.ingest([FEEDS.national2025])).reason).toBe('unchanged');
  });
});

describe('unchanged content over HTTP', { timeout: 180_000 }, () => {
  test('same bytes: read once, archive dropped, validators kept; then a 304 costs one request', async () => {
    const server = await startFeedServer({
      '/instantane': bytes(new Uint8Array(readFileSync(FEEDS.national2025)), { etag: '"v1"' }),
    });
    try {
      const published = await h.published();
      const url = server.url('/instantane');
      const first = await h.ingest([url]);
      expect(first).toMatchObject({
        status: 'skipped',
        reason: 'unchanged',
        detail: 'same SHA-256',
        archiveKey: null,
      });
      expect(h.counters.requests).toMatchObject({ PutObjectCommand: 1, DeleteObjectCommand: 1 });
      expect(dataWrites(h.counters)).toEqual({ stations: 0, history: 0 });
      expect(await h.published()).toEqual({ ...published, feedSource: url, feedEtag: '"v1"' });

      const second = await h.ingest([url]);
      expect(second).toMatchObject({
        status: 'skipped',
        reason: 'unchanged',
        detail: 'HTTP 304 Not Modified',
      });
      expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
      expect(h.counters.requests.PutObjectCommand).toBeUndefined();
      expect(h.counters.itemWrites).toEqual({ RUN: 2, LOCK: 2 });
    } finally {
      await server.stop();
    }
  });
});
