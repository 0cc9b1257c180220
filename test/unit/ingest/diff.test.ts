import { describe, expect, test } from 'vitest';
import { createCollector, diffStations, type StationIndex } from '#shared/ingest/diff.ts';
import { canonicalJson, shortHash } from '#shared/ingest/hash.ts';
import { makeStation, price } from '../../helpers/station.ts';

function collect(...stations: ReturnType<typeof makeStation>[]) {
  const c = createCollector();
  for (const s of stations) c.add(s);
  return c.result();
}

function indexOf(...stations: ReturnType<typeof makeStation>[]): StationIndex {
  return diffStations(collect(...stations).stations, null).index;
}

describe('canonical JSON and content hash', () => {
  test('key order does not matter, array order does, undefined members are dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  test('the same station built in another key order has the same hash', () => {
    const a = makeStation('1000001');
    const b = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(shortHash(canonicalJson(a))).toBe(shortHash(canonicalJson(b)));
    expect(shortHash(canonicalJson(a))).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('diffStations', () => {
  const a = makeStation('1000001');
  const b = makeStation('1000002', { prices: [price('SP98', 1.899, '2025-07-28T10:00:00+02:00')] });

  test('a first run (no index) writes every station and every price', () => {
    const diff = diffStations(collect(a, b).stations, null);
    expect(diff.changed.map((c) => c.id)).toEqual(['1000001', '1000002']);
    expect(diff.history).toHaveLength(2);
    expect(diff.removed).toEqual([]);
    expect(Object.keys(diff.index)).toEqual(['1000001', '1000002']);
    expect(diff.index['1000001']?.p).toEqual({ Gazole: '1.739@2025-07-28T15:00:04+02:00' });
  });

  test('the same feed again changes nothing', () => {
    const diff = diffStations(collect(a, b).stations, indexOf(a, b));
    expect(diff.changed).toEqual([]);
    expect(diff.history).toEqual([]);
    expect(diff.removed).toEqual([]);
  });

  test('a new price date alone is a change and a history entry; other fuels of the station are not', () => {
    const before = makeStation('1000003', {
      prices: [
        price('Gazole', 1.7, '2025-07-27T08:00:00+02:00'),
        price('E10', 1.8, '2025-07-27T08:00:00+02:00'),
      ],
    });
    const after = makeStation('1000003', {
      prices: [
        price('Gazole', 1.7, '2025-07-28T08:00:00+02:00'),
        price('E10', 1.8, '2025-07-27T08:00:00+02:00'),
      ],
    });
    const diff = diffStations(collect(after).stations, indexOf(before));
    expect(diff.changed).toHaveLength(1);
    expect(diff.history).toEqual([
      { stationId: '1000003', fuel: 'Gazole', price: 1.7, updatedAt: '2025-07-28T08:00:00+02:00' },
    ]);
  });

  test('a change outside prices rewrites the station without history', () => {
    const diff = diffStations(collect({ ...a, town: 'PARIS 1er' }).stations, indexOf(a));
    expect(diff.changed.map((c) => JSON.parse(c.json).town)).toEqual(['PARIS 1er']);
    expect(diff.history).toEqual([]);
  });

  test('stations gone from the feed are reported as removed; new ones are changed', () => {
    const c = makeStation('1000009');
    const diff = diffStations(collect(a, c).stations, indexOf(a, b));
    expect(diff.removed).toEqual(['1000002']);
    expect(diff.changed.map((x) => x.id)).toEqual(['1000009']);
  });

  test('a repeated id keeps the first record and is counted', () => {
    const collector = createCollector();
    expect(collector.add(a)).toBe(true);
    expect(collector.add({ ...a, town: 'Other' })).toBe(false);
    const result = collector.result();
    expect(result.stations.size).toBe(1);
    expect(result.duplicates).toBe(1);
    expect(result.duplicateIds).toEqual(['1000001']);
    expect(JSON.parse(result.stations.get('1000001')?.json ?? '{}').town).toBe('Paris');
  });

  test('collects prices, the newest price date and stats samples (with the joined brand)', () => {
    const result = collect(
      makeStation('1', {
        prices: [
          price('Gazole', 1.7, '2025-07-28T09:00:00+02:00'),
          price('SP98', 0.001, '2025-07-28T10:00:00+02:00', true),
        ],
      }),
      makeStation('2', { dept: '2A', brand: 'Avia', prices: [price('Gazole', 1.8, '2025-07-28T08:30:00Z')] }),
    );
    expect(result.prices).toBe(3);
    // 08:30Z is 10:30 in Paris: newest, whatever the offsets say as text.
    expect(result.newestPrice).toBe('2025-07-28T08:30:00Z');
    expect(result.samples).toEqual([
      {
        dept: '75',
        fuel: 'Gazole',
        price: 1.7,
        at: Date.parse('2025-07-28T09:00:00+02:00'),
        outlier: undefined,
        brand: null,
      },
      {
        dept: '75',
        fuel: 'SP98',
        price: 0.001,
        at: Date.parse('2025-07-28T10:00:00+02:00'),
        outlier: true,
        brand: null,
      },
      {
        dept: '2A',
        fuel: 'Gazole',
        price: 1.8,
        at: Date.parse('2025-07-28T08:30:00Z'),
        outlier: undefined,
        brand: 'Avia',
      },
    ]);
  });
});
