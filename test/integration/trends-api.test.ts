import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { TrendsResponse } from '#shared/api/trends-types.ts';
import { commitYear, type HistoryStore, newGeneration, putTrendYear } from '#shared/history/store.ts';
import type { StoredTrend, TrendYear } from '#shared/history/types.ts';
import { createS3Client } from '#shared/s3.ts';
import { smallFeedXml, zipXml } from '../helpers/ingest/feeds.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startApiProduct } from '../helpers/product.ts';

/**
 * GET /api/trends on the local product (issue 18): 2025 trend objects (FR and 75) committed through
 * shared/history/store.ts up to 2025-07-27, and the live STATS# rows of two ingests (27 and 28 July 2025).
 */
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dir: string;

const ARCHIVE_LAST = '2025-07-27';
/** Day-of-year index → the archive's Gazole median in millièmes: 1.600 € rising by a millième a day. */
const archiveMillis = (i: number) => 1600 + i;
const dayIndex = (day: string) =>
  (Date.parse(`${day}T00:00:00Z`) - Date.parse('2025-01-01T00:00:00Z')) / 86_400_000;

function trendYear(dept: string): TrendYear {
  const days = dayIndex(ARCHIVE_LAST) + 1;
  const gazole: StoredTrend = {
    median: Array.from({ length: days }, (_, i) => archiveMillis(i)),
    count: Array.from({ length: days }, () => 40),
  };
  return { v: 1, year: 2025, dept, series: { Gazole: gazole } };
}

/** A feed of three Paris stations whose prices were all updated on `day` (its STATS# day). */
function feed(day: string, gazole: string[]): string {
  return smallFeedXml(
    gazole.map((valeur, i) => ({ id: `7500100${i}`, prices: [{ id: 1, nom: 'Gazole', valeur }] })),
  ).replaceAll('2025-07-28 15:00:04', `${day} 15:00:04`);
}

const get = async <T>(query: string) => {
  const res = await fetch(`${product.url}/api/trends?${query}`);
  return { res, body: (await res.json()) as T };
};

beforeAll(async () => {
  ({ product, stop } = await startApiProduct('trends-api'));
  dir = await mkdtemp(join(tmpdir(), 'plein-trends-'));
  const store: HistoryStore = { s3: createS3Client(), bucket: product.resources.buckets.data };
  const generation = newGeneration(new Date('2025-07-30T03:00:00Z'));
  for (const dept of ['FR', '75']) await putTrendYear(store, generation, trendYear(dept));
  await commitYear(store, {
    v: 1,
    year: 2025,
    generation,
    sourceSha256: 'a'.repeat(64),
    stations: 3,
    changes: 3,
    flagged: { outlier: 0, reverted: 0 },
    depts: ['FR', '75'],
    firstDay: '2025-01-01',
    lastDay: ARCHIVE_LAST,
    committedAt: '2025-07-30T03:00:00.000Z',
  });
  const h = ingestHarness({ resources: product.resources } as TestStack);
  // Live medians 1.900 € (27th, a day the archive also has) and 1.950 € (28th, after the archive).
  for (const [day, prices] of [
    ['2025-07-27', ['1.890', '1.900', '1.910']],
    ['2025-07-28', ['1.940', '1.950', '1.960']],
  ] as const) {
    const file = join(dir, `${day}.zip`);
    await writeFile(file, zipXml(feed(day, [...prices])));
    expect((await h.ingest([file])).status).toBe('succeeded');
  }
}, 180_000);

afterAll(async () => {
  await stop?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('GET /api/trends', { timeout: 60_000 }, () => {
  test('the archive then the live days, one point a day, each marked; the archive wins the shared day', async () => {
    const { res, body } = await get<TrendsResponse>('fuel=gazole&from=2025-07-20&to=2025-07-28');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(body).toMatchObject({
      dept: 'FR',
      from: '2025-07-20',
      to: '2025-07-28',
      resolution: 'day',
      weeklyBeyondDays: 731,
      archive: { years: [2025], firstDay: '2025-01-01', lastDay: ARCHIVE_LAST },
    });
    expect(body.series.map((s) => s.fuel)).toEqual(['Gazole']);
    const points = body.series[0]?.points ?? [];
    expect(points.map((p) => p.day)).toEqual([
      '2025-07-20',
      '2025-07-21',
      '2025-07-22',
      '2025-07-23',
      '2025-07-24',
      '2025-07-25',
      '2025-07-26',
      '2025-07-27',
      '2025-07-28',
    ]);
    expect(points.slice(0, 8).every((p) => p.source === 'archive' && p.count === 40)).toBe(true);
    expect(points[7]?.median).toBeCloseTo(archiveMillis(dayIndex(ARCHIVE_LAST)) / 1000, 6);
    expect(points[8]).toEqual({ day: '2025-07-28', median: 1.95, count: 3, source: 'live' });
  });

  test('a département, and every fuel by default (those without figures empty)', async () => {
    const { body } = await get<TrendsResponse>('dept=75&from=2025-07-27&to=2025-07-28');
    expect(body.dept).toBe('75');
    expect(body.series.map((s) => s.fuel)).toEqual(['Gazole', 'SP95', 'E85', 'GPLc', 'E10', 'SP98']);
    expect(body.series[0]?.points.map((p) => [p.day, p.source])).toEqual([
      ['2025-07-27', 'archive'],
      ['2025-07-28', 'live'],
    ]);
    expect(body.series.slice(1).every((s) => s.points.length === 0)).toBe(true);
  });

  test('beyond two years: weekly medians, no week twice, the live week last', async () => {
    const { body } = await get<TrendsResponse>('fuel=Gazole&from=2023-07-01&to=2025-07-31');
    expect(body.resolution).toBe('week');
    const points = body.series[0]?.points ?? [];
    const days = points.map((p) => p.day);
    expect(new Set(days).size).toBe(days.length);
    expect([...days].sort()).toEqual(days);
    expect(days[0]).toBe('2024-12-30'); // the Monday of the week of 1 January 2025, the archive's first day
    // 1 Jan–27 Jul 2025 (a Sunday) is 30 ISO weeks of archive, then the week of the live 28th.
    expect(points).toHaveLength(31);
    expect(points.at(-1)).toMatchObject({ day: '2025-07-28', source: 'live', median: 1.95 });
    expect(points.at(-2)).toMatchObject({ day: '2025-07-21', source: 'archive' });
  });

  test.each([
    ['from=2006-12-31', 'from'],
    ['from=2025-02-30', 'from'],
    ['from=2025-7-1', 'from'],
    ['to=demain', 'to'],
    ['from=2025-07-28&to=2025-07-01', 'from'],
    ['dept=ZZ', 'dept'],
    ['fuel=kerosene', 'fuel'],
    ['days=30', 'days'],
  ])('%s → 400 naming %s', async (query, field) => {
    const { res, body } = await get<{ error: { code: string; field?: string } }>(query);
    expect(res.status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid', field });
  });
});
