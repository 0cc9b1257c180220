import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSeries } from '#shared/history/format.ts';
import { historyKeys } from '#shared/history/keys.ts';
import { archiveReader } from '#shared/history/reader.ts';
import {
  commitYear,
  deleteGeneration,
  getStationIndex,
  getStationYear,
  type HistoryStore,
  newGeneration,
  putStationYears,
  putTrendYear,
  readPointer,
} from '#shared/history/store.ts';
import type { StationYear, StoredSeries, TrendYear, YearPointer } from '#shared/history/types.ts';
import { createS3Client } from '#shared/s3.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

/** The history store against the local S3 stand-in (docs/HISTORY.md, "Storage"). */

let stack: TestStack;
let store: HistoryStore;

beforeAll(async () => {
  stack = await startTestStack();
  store = { s3: createS3Client(), bucket: stack.resources.buckets.data };
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const stationYear = (year: number, id: string, series: StoredSeries): StationYear => ({
  v: 1,
  station: id,
  year,
  dept: '69',
  series: { Gazole: series },
});

const trendYear = (year: number): TrendYear => ({
  v: 1,
  year,
  dept: 'FR',
  series: { Gazole: { median: [1789, null, 1801], count: [3, 0, 4] } },
});

const pointer = (year: number, generation: string): YearPointer => ({
  v: 1,
  year,
  generation,
  sourceSha256: 'a'.repeat(64),
  stations: 2,
  changes: 3,
  flagged: { outlier: 0, reverted: 1 },
  depts: ['69', 'FR'],
  firstDay: `${year}-01-01`,
  lastDay: `${year}-01-03`,
  committedAt: new Date().toISOString(),
});

async function keysUnder(prefix: string): Promise<string[]> {
  const page = await store.s3.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key ?? '').sort();
}

describe('history store', () => {
  it('answers null for a year never committed and for a missing object, not an error', async () => {
    expect(await readPointer(store, 2009)).toBeNull();
    expect(await getStationYear(store, 2009, 'nope', '1')).toBeNull();
    expect(await deleteGeneration(store, 2009, 'nope')).toBe(0);
  });

  it('shows a generation only once committed, then serves it, and deletes a replaced one', async () => {
    const reader = archiveReader(store, { pointerTtlMs: 0 });
    const first = newGeneration(new Date('2026-12-02T12:00:00Z'));
    expect(first).toMatch(/^20261202T120000Z-[0-9a-f]{6}$/);
    // 2023-01-02T08:00:00+01:00, 5 minutes later, and a carried point from 2022.
    const series: StoredSeries = { t: [1672390800, 252000, 300], p: [1789, 1799, 1759], f: [0, 2, 0] };
    const stations = [stationYear(2023, '69001001', series), stationYear(2023, '69001002', series)];
    expect(await putStationYears(store, first, 2023, stations)).toBeGreaterThan(0);
    expect(await putTrendYear(store, first, trendYear(2023))).toBeGreaterThan(0);

    // Written but not committed: invisible.
    expect(await readPointer(store, 2023)).toBeNull();
    expect((await reader.points('69001001', null, 0, Date.now())).size).toBe(0);

    expect(await commitYear(store, pointer(2023, first))).toBeGreaterThan(0);
    expect((await readPointer(store, 2023))?.generation).toBe(first);
    expect((await reader.years()).map((p) => p.year)).toEqual([2023]);
    const points = await reader.points(
      '69001001',
      ['Gazole'],
      Date.parse('2022-01-01'),
      Date.parse('2024-01-01'),
    );
    expect(points.get('Gazole')).toEqual(decodeSeries(series));
    expect((await reader.trends('FR', ['Gazole'], '2023-01-01', '2023-12-31')).get('Gazole')).toEqual([
      { day: '2023-01-01', median: 1.789, count: 3 },
      { day: '2023-01-03', median: 1.801, count: 4 },
    ]);

    // A second generation replaces the first at its commit; the first is then deleted whole.
    const second = newGeneration(new Date('2026-12-02T13:00:00Z'));
    await putStationYears(store, second, 2023, [
      stationYear(2023, '69001001', { t: [1672650000], p: [1700] }),
    ]);
    await commitYear(store, pointer(2023, second));
    // The first: one batch of both stations, its index, its trends.
    expect(await deleteGeneration(store, 2023, first)).toBe(3);
    expect(await keysUnder(historyKeys.generation(2023, first))).toEqual([]);
    expect(await keysUnder(historyKeys.generation(2023, second))).toEqual([
      historyKeys.index(2023, second),
      historyKeys.stations(2023, second, 0),
    ]);
    expect(await getStationYear(store, 2023, second, '69001002')).toBeNull();
    expect((await reader.points('69001001', null, 0, Date.now())).get('Gazole')).toEqual([
      { at: '2023-01-02T10:00:00+01:00', price: 1.7 },
    ]);
  });

  it('stores station-years 16 to an object, fewer when they hold many changes, and finds each by its index', async () => {
    const generation = newGeneration(new Date());
    const small: StoredSeries = { t: [1672390800, 3600], p: [1789, 1799] };
    // 13,000 changes: over BACKFILL.changesPerObject (12,000) on its own.
    const big: StoredSeries = { t: [1672390800, ...Array(12_999).fill(60)], p: Array(13_000).fill(1800) };
    const ids = Array.from({ length: 40 }, (_, i) => String(69_002_000 + i));
    const objs = ids.map((id, i) => stationYear(2021, id, i === 20 ? big : small));
    await putStationYears(store, generation, 2021, objs);

    const index = await getStationIndex(store, 2021, generation);
    expect(index?.batches.map((b) => b.length)).toEqual([16, 5, 16, 3]);
    expect(index?.batches.flat()).toEqual(ids);
    expect(await keysUnder(historyKeys.generation(2021, generation))).toHaveLength(5);
    for (const obj of [objs[0], objs[20], objs[39]] as StationYear[])
      expect(await getStationYear(store, 2021, generation, obj.station)).toEqual(obj);
  });
});
