import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { HistoryResponse } from '#shared/api/types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { readPriceHistory } from '#shared/db/history.ts';
import { parisDay } from '#shared/domain/time.ts';
import type { HistoryStore } from '#shared/history/store.ts';
import type { ArchivePoint } from '#shared/history/types.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { createS3Client } from '#shared/s3.ts';
import { commitStationYear } from '../helpers/archive.ts';
import { quietIngestDeps, startApiProduct } from '../helpers/product.ts';

/**
 * GET /api/stations/{id}/history over any period on the local stack: the live changes written by the real
 * ingest (a small feed of 2014) joined with archived years put through the history store, as a backfill
 * would leave them. The feed's own price (2014-09-29 12:27:33, Gazole 1.255) is in both: served once.
 */
const FEED = '../shared/feeds/extract_instantane_2014_10pdv_tofrine-EDITED.xml';
const STATION = '1000002';
const LIVE: ArchivePoint = { at: '2014-09-29T12:27:33+02:00', price: 1.255 };
const ARCHIVE: Record<number, ArchivePoint[]> = {
  2013: [{ at: '2013-12-20T08:00:00+01:00', price: 1.3 }],
  // The yearly file carries the last price before the year: the reader serves it once.
  2014: [
    { at: '2013-12-20T08:00:00+01:00', price: 1.3 },
    { at: '2014-03-01T09:00:00+01:00', price: 1.9, flag: 'outlier' },
    { at: '2014-03-02T10:00:00+01:00', price: 1.28 },
    LIVE,
  ],
};

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ product, stop } = await startApiProduct('history-api'));
  expect((await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'test' })).status).toBe(
    'succeeded',
  );
  const store: HistoryStore = { s3: createS3Client(), bucket: product.resources.buckets.data };
  for (const [year, points] of Object.entries(ARCHIVE))
    await commitStationYear(store, { station: STATION, dept: '01', year: Number(year), points });
});

afterAll(async () => {
  await stop?.();
});

async function history(query: string): Promise<{ status: number; body: HistoryResponse }> {
  const res = await fetch(`${product.url}/api/stations/${STATION}/history?fuel=Gazole&${query}`);
  return { status: res.status, body: (await res.json()) as HistoryResponse };
}

describe('history over any period', () => {
  test('from–to over a year boundary: every change once, oldest first, flags served', async () => {
    // The feed's price is in the live history too, so serving it once is the merge's doing.
    const table = openTable(product.resources.tableName, createDocumentClient());
    expect(
      await readPriceHistory(table, STATION, 'Gazole', '2014-01-01T00:00:00', '2014-12-31T23:59:59'),
    ).toEqual([LIVE]);
    const { status, body } = await history('from=2013-12-01&to=2014-12-31');
    expect(status).toBe(200);
    expect(body.days).toBe(396);
    expect(body.archiveFrom).toBe('2013-01-01');
    expect(body.from).toBe('2013-11-30T23:00:00.000Z');
    expect(body.to).toBe('2014-12-31T22:59:59.999Z');
    const [series] = body.series;
    expect(series).toMatchObject({ fuel: 'Gazole', resolution: 'change', changes: 4, flagged: 1 });
    expect(series?.points.map((p) => [Date.parse(p.at), p.price, p.flag])).toEqual(
      (ARCHIVE[2014] ?? []).map((p) => [Date.parse(p.at), p.price, p.flag]),
    );
    // Instants with their Paris offset, winter and summer.
    expect(series?.points[0]?.at).toMatch(/\+01:00$/);
    expect(series?.points[3]?.at).toMatch(/\+02:00$/);
  });

  test('a range inside one year reads only it; before the first change nothing', async () => {
    expect((await history('from=2014-03-02&to=2014-03-02')).body.series[0]?.points).toEqual([
      { at: '2014-03-02T10:00:00+01:00', price: 1.28 },
    ]);
    expect((await history('from=2007-01-01&to=2012-12-31')).body.series[0]?.changes).toBe(0);
  });

  test('long ranges are downsampled, and say so', async () => {
    const daily = (await history('from=2010-01-01&to=2014-12-31')).body.series[0];
    expect(daily).toMatchObject({ resolution: 'day', changes: 4, flagged: 1 });
    // 1 March held only the outlier: no point for it, still counted.
    expect(daily?.points.map((p) => [p.price, p.changes])).toEqual([
      [1.3, 1],
      [1.28, 1],
      [1.255, 1],
    ]);
    const weekly = (await history('from=2007-01-01')).body.series[0];
    expect(weekly).toMatchObject({ resolution: 'week', changes: 4, flagged: 1 });
    expect(weekly?.points).toHaveLength(3);
  });

  test('400 naming the field', async () => {
    const tomorrow = parisDay(Date.now() + 86_400_000);
    for (const [query, field] of [
      ['days=30&from=2014-01-01', 'days'],
      ['to=2014-01-01', 'from'],
      ['from=2006-12-31', 'from'],
      ['from=2014-02-30', 'from'],
      ['from=2014/01/01', 'from'],
      [`from=2014-01-01&to=${tomorrow}`, 'to'],
      ['from=2014-02-01&to=2014-01-01', 'to'],
    ] as const) {
      const res = await fetch(`${product.url}/api/stations/${STATION}/history?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
  });

  test('a station the archive knows but today’s feed does not: 404, as before', async () => {
    expect((await fetch(`${product.url}/api/stations/99999999/history?from=2014-01-01`)).status).toBe(404);
  });
});
