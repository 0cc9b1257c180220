import { GetObjectCommand, type GetObjectCommandInput, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { encodeSeries } from '#shared/history/format.ts';
import { historyKeys } from '#shared/history/keys.ts';
import { archiveReader } from '#shared/history/reader.ts';
import type {
  ArchivePoint,
  StationBatch,
  StationIndex,
  StationYear,
  TrendYear,
  YearPointer,
} from '#shared/history/types.ts';

/** An S3 that serves the given objects as plain JSON and records every key asked for. */
function fakeStore(objects: Record<string, unknown>) {
  const reads: string[] = [];
  const send = async (command: unknown) => {
    if (!(command instanceof GetObjectCommand)) throw new Error('unexpected command');
    const key = (command.input as GetObjectCommandInput).Key ?? '';
    reads.push(key);
    if (!(key in objects)) throw new NoSuchKey({ message: 'missing', $metadata: {} });
    const bytes = Buffer.from(JSON.stringify(objects[key]));
    return { Body: { transformToByteArray: async () => bytes } };
  };
  return { store: { s3: { send } as unknown as S3Client, bucket: 'data' }, reads };
}

const pointer = (year: number, depts = ['FR']): YearPointer => ({
  v: 1,
  year,
  generation: `g${year}`,
  sourceSha256: '0'.repeat(64),
  stations: 1,
  changes: 1,
  flagged: { outlier: 0, reverted: 0 },
  depts,
  firstDay: null,
  lastDay: null,
  committedAt: '2026-12-01T00:00:00Z',
});

const stationObject = (year: number, gazole: ArchivePoint[], e10: ArchivePoint[] = []): StationYear => ({
  v: 1,
  station: '1',
  year,
  dept: '69',
  series: { Gazole: encodeSeries(gazole), ...(e10.length ? { E10: encodeSeries(e10) } : {}) },
});

/** A station-year as the backfill stores it: batch 0 of its generation, after another station, and the index. */
const stored = (obj: StationYear) => {
  const other: StationYear = { ...obj, station: '2', series: {} };
  return {
    [historyKeys.index(obj.year, `g${obj.year}`)]: {
      v: 1,
      year: obj.year,
      batches: [['2', obj.station]],
    } satisfies StationIndex,
    [historyKeys.stations(obj.year, `g${obj.year}`, 0)]: {
      v: 1,
      year: obj.year,
      batch: 0,
      stations: [other, obj],
    } satisfies StationBatch,
  };
};

const at = (iso: string, price: number, flag?: ArchivePoint['flag']): ArchivePoint =>
  flag ? { at: iso, price, flag } : { at: iso, price };

// 2022's last change is carried into 2023's object as its first point.
const Y2022 = [at('2022-06-01T10:00:00+02:00', 1.9), at('2022-12-20T10:00:00+01:00', 1.75)];
const Y2023 = [
  at('2022-12-20T10:00:00+01:00', 1.75),
  at('2023-02-01T10:00:00+01:00', 1.78, 'reverted'),
  at('2023-12-31T23:30:00+01:00', 1.7),
];
const Y2024 = [at('2023-12-31T23:30:00+01:00', 1.7), at('2024-03-01T10:00:00+01:00', 1.8)];

const objects = {
  [historyKeys.pointer(2022)]: pointer(2022),
  [historyKeys.pointer(2023)]: pointer(2023),
  [historyKeys.pointer(2024)]: pointer(2024, ['FR', '69']),
  ...stored(stationObject(2022, Y2022)),
  ...stored(stationObject(2023, Y2023, [at('2023-05-01T10:00:00+02:00', 1.85)])),
  ...stored(stationObject(2024, Y2024)),
  [historyKeys.trend(2023, 'g2023', 'FR')]: {
    v: 1,
    year: 2023,
    dept: 'FR',
    series: { Gazole: { median: [null, 1789, 1790], count: [0, 3, 4] } },
  } satisfies TrendYear,
  [historyKeys.trend(2024, 'g2024', 'FR')]: {
    v: 1,
    year: 2024,
    dept: 'FR',
    series: { Gazole: { median: [1801, null], count: [5, 0] }, E10: { median: [1700], count: [2] } },
  } satisfies TrendYear,
};

const NOW = Date.parse('2026-06-01T00:00:00Z');
const ms = (iso: string) => Date.parse(iso);

describe('archiveReader', () => {
  it('merges the years in range, a carried point once, flags kept, fuels filtered', async () => {
    const { store } = fakeStore(objects);
    const reader = archiveReader(store, { now: () => NOW });
    const all = await reader.points('1', null, 0, NOW);
    expect(all.get('Gazole')).toEqual([Y2022[0], Y2022[1], Y2023[1], Y2023[2], Y2024[1]]);
    expect(all.get('E10')).toEqual([at('2023-05-01T10:00:00+02:00', 1.85)]);

    const gazole = await reader.points('1', ['Gazole'], 0, NOW);
    expect([...gazole.keys()]).toEqual(['Gazole']);
  });

  it('reads only the objects of the years overlapping the range, from <= instant < to', async () => {
    const { store, reads } = fakeStore(objects);
    const reader = archiveReader(store, { now: () => NOW });
    await reader.years();
    reads.length = 0;
    const points = await reader.points('1', null, ms('2023-02-01T09:00:00Z'), ms('2023-12-31T22:30:00Z'));
    expect(points.get('Gazole')).toEqual([Y2023[1]]);
    expect(reads).toEqual([historyKeys.index(2023, 'g2023'), historyKeys.stations(2023, 'g2023', 0)]);
    // The range ending at 2024's first instant in Paris reads 2023 only; its index is known by now.
    reads.length = 0;
    await reader.points('1', null, ms('2023-06-01T00:00:00Z'), ms('2023-12-31T23:00:00Z'));
    expect(reads).toEqual([historyKeys.stations(2023, 'g2023', 0)]);
    // A station the index does not name costs no batch read.
    reads.length = 0;
    expect((await reader.points('3', null, 0, NOW)).size).toBe(0);
    expect(reads).toEqual([historyKeys.index(2022, 'g2022'), historyKeys.index(2024, 'g2024')]);
  });

  it('reads the pointers of 2007 to the current year once per TTL', async () => {
    const { store, reads } = fakeStore(objects);
    let now = NOW;
    const reader = archiveReader(store, { now: () => now, pointerTtlMs: 60_000 });
    expect((await reader.years()).map((p) => p.year)).toEqual([2022, 2023, 2024]);
    expect(reads).toHaveLength(2026 - 2007 + 1);
    await reader.points('nobody', null, 0, NOW);
    expect(reads).toHaveLength(20 + 3);
    now += 60_000;
    await reader.years();
    expect(reads).toHaveLength(23 + 20);
  });

  it('gives the trends in euros by Paris day, days without a figure left out', async () => {
    const { store } = fakeStore(objects);
    const reader = archiveReader(store, { now: () => NOW });
    const trends = await reader.trends('FR', ['Gazole', 'E10', 'SP98'], '2023-01-03', '2024-12-31');
    expect(trends.get('Gazole')).toEqual([
      { day: '2023-01-03', median: 1.79, count: 4 },
      { day: '2024-01-01', median: 1.801, count: 5 },
    ]);
    expect(trends.get('E10')).toEqual([{ day: '2024-01-01', median: 1.7, count: 2 }]);
    expect(trends.has('SP98')).toBe(false);
    // A département only 2024 has.
    expect((await reader.trends('69', ['Gazole'], '2007-01-01', '2026-12-31')).size).toBe(0);
  });
});
