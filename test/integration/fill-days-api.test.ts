import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { FillDaysResponse } from '#shared/api/fill-days-types.ts';
import { batchWriteAll } from '#shared/db/batch.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { historyPut } from '#shared/db/stations.ts';
import { parisDay, parisInstant, parisIsoOf } from '#shared/domain/time.ts';
import { parisYear } from '#shared/history/state-machine.ts';
import type { HistoryStore } from '#shared/history/store.ts';
import type { ArchivePoint } from '#shared/history/types.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { createS3Client } from '#shared/s3.ts';
import { commitStationYear } from '../helpers/archive.ts';
import { quietIngestDeps, startApiProduct } from '../helpers/product.ts';

/**
 * GET /api/stations/{id}/fill-days on the local stack, over the 12 weeks before now. Station 1000001 (in the
 * small 2014 feed the real ingest publishes) sells Gazole at 1.840 except on Thursdays (1.800, from 00:00 to
 * Friday 00:00): the older six weeks and the price in effect before the window are in the archive, as a
 * backfill leaves them, the newer ones in the live table, as the ingest writes them. The feed's own 2014
 * price (1.255) is older still: were it carried in instead of the archive's, the window's first hours would
 * drag their weekday down.
 */
const FEED = '../shared/feeds/extract_instantane_2014_10pdv_tofrine-EDITED.xml';
const DAY = 86_400_000;
const now = Date.now();
const windowStart = now - 84 * DAY;

/** Paris midnights of the days from `fromMs` to `toMs`, with their ISO weekday. */
function midnights(fromMs: number, toMs: number): { at: number; weekday: number }[] {
  const out: { at: number; weekday: number }[] = [];
  for (let t = fromMs; t <= toMs + DAY; t += DAY) {
    const day = parisDay(t);
    const weekday = ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    out.push({ at: parisInstant(day, 0, 0).getTime(), weekday });
  }
  return out;
}

const point = (ms: number, price: number, flag?: 'outlier'): ArchivePoint => ({
  at: parisIsoOf(ms),
  price,
  ...(flag ? { flag } : {}),
});
const thursdays = midnights(windowStart, now).filter((d) => d.weekday === 4);
const weekly = thursdays.flatMap((d) => [point(d.at, 1.8), point(d.at + DAY, 1.84)]);
const splitAt = now - 42 * DAY;
const ARCHIVED: ArchivePoint[] = [
  point(windowStart - 20 * DAY, 1.84),
  ...weekly.filter((p) => Date.parse(p.at) < splitAt),
  // A typo on a Tuesday, flagged by the backfill: left out, or Tuesday would be the cheapest day.
  point(
    (midnights(windowStart, splitAt).find((d) => d.weekday === 2)?.at ?? 0) + 12 * 3_600_000,
    0.9,
    'outlier',
  ),
];
const LIVE = weekly.filter((p) => Date.parse(p.at) >= splitAt && Date.parse(p.at) <= now);

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ product, stop } = await startApiProduct('fill-days-api'));
  expect((await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'test' })).status).toBe(
    'succeeded',
  );
  const table = openTable(product.resources.tableName, createDocumentClient());
  await batchWriteAll(table, [
    ...LIVE.map((p) => historyPut('1000001', 'Gazole', p.price, p.at, now)),
    // 1000002 has no E10 in the feed: two changes over the last three weeks, too little to say anything.
    historyPut('1000002', 'E10', 1.7, parisIsoOf(now - 20 * DAY), now),
    historyPut('1000002', 'E10', 1.72, parisIsoOf(now - 10 * DAY), now),
  ]);
  const store: HistoryStore = { s3: createS3Client(), bucket: product.resources.buckets.data };
  for (const [year, points] of Map.groupBy(ARCHIVED, (p) => parisYear(new Date(p.at))))
    await commitStationYear(store, { station: '1000001', dept: '01', year, points });
});

afterAll(async () => {
  await stop?.();
});

async function fillDays(id: string, query = ''): Promise<{ status: number; body: FillDaysResponse }> {
  const res = await fetch(`${product.url}/api/stations/${id}/fill-days${query}`);
  return { status: res.status, body: (await res.json()) as FillDaysResponse };
}

describe('"Quand faire le plein ?" over the last 12 weeks', () => {
  test('a station cheaper on Thursdays: Thursday, by 4 ct, archive and live joined', async () => {
    const { status, body } = await fillDays('1000001', '?fuel=Gazole');
    expect(status).toBe(200);
    expect(body).toMatchObject({ stationId: '1000001', windowDays: 84 });
    const [gazole] = body.fuels;
    expect(gazole).toMatchObject({
      fuel: 'Gazole',
      verdict: 'cheapest',
      cheapest: { day: 4 },
      dearest: { price: 1.84 },
      coveredDays: 84,
    });
    // Thursday's mean is 1.800 but for the hours of today or of the window's first day when one is a Thursday.
    expect(gazole?.cheapest?.price).toBeCloseTo(1.8, 2);
    expect(gazole?.spreadCents).toBeGreaterThanOrEqual(3.5);
    expect(gazole?.spreadCents).toBeLessThanOrEqual(4);
    // Every other weekday at 1.840 exactly: the archive's price carried in, the outlier left out.
    expect(gazole?.weekdays.filter((_, i) => i !== 3)).toEqual([1.84, 1.84, 1.84, 1.84, 1.84, 1.84]);
    // The changes inside the window: on a Thursday the window opens after that day's midnight change.
    const inWindow = (p: ArchivePoint) => Date.parse(p.at) >= windowStart && Date.parse(p.at) <= now;
    expect(gazole?.variations).toBe(weekly.filter(inWindow).length);
  });

  test('without fuel: every fuel the station sells today', async () => {
    const { body } = await fillDays('1000001');
    expect(body.fuels.map((f) => f.fuel)).toEqual(['Gazole', 'SP95', 'SP98']);
    // SP95 has only the feed's 2014 price: known all along, never varied.
    expect(body.fuels[1]).toMatchObject({ verdict: 'thin', coveredDays: 84, variations: 0 });
  });

  test('two changes in three weeks: thin, with the days known', async () => {
    const { status, body } = await fillDays('1000002', '?fuel=e10');
    expect(status).toBe(200);
    const [e10] = body.fuels;
    expect(e10).toMatchObject({ fuel: 'E10', verdict: 'thin', cheapest: null, spreadCents: null });
    expect(e10?.coveredDays).toBeCloseTo(20, 0);
    expect(e10?.last).toMatchObject({ price: 1.72, delta: 0.02 });
  });

  test('404 for a station not in the feed, 400 naming the field', async () => {
    const missing = await fetch(`${product.url}/api/stations/99999999/fill-days`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    for (const [query, field] of [
      ['fuel=kerosene', 'fuel'],
      ['days=7', 'days'],
    ] as const) {
      const res = await fetch(`${product.url}/api/stations/1000001/fill-days?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
  });
});
