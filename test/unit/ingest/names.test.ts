import type { S3Client } from '@aws-sdk/client-s3';
import { NoSuchKey } from '@aws-sdk/client-s3';
import { describe, expect, test } from 'vitest';
import type { Table } from '#shared/db/client.ts';
import type { PublishedData } from '#shared/db/runs.ts';
import type { NameEntry, NameOverride, NamesTable } from '#shared/domain/names.ts';
import { createCollector, diffStations } from '#shared/ingest/diff.ts';
import { type JoinNames, loadNames, namesJoiner, overridesHash, sameNames } from '#shared/ingest/names.ts';
import type { RunContext } from '#shared/ingest/run-context.ts';
import { makeStation } from '../../helpers/station.ts';

const entry = (name: string | null, brand: string | null): NameEntry => ({
  name,
  brand,
  osmBrand: brand,
  operator: null,
});

function table(entries: Record<string, NameEntry>, version = 'v1'): NamesTable {
  return {
    version,
    fetchedAt: '2026-06-01T05:00:00.000Z',
    source: 'test.csv',
    rows: Object.keys(entries).length,
    rowsWithId: Object.keys(entries).length,
    duplicateIds: 0,
    entries,
  };
}

function names(t: NamesTable | null, overrides: NameOverride[] = []): JoinNames {
  const map = new Map(overrides.map((o) => [o.stationId, o]));
  return { table: t, overrides: map, namesVersion: t?.version ?? null, overridesHash: overridesHash(map) };
}

const override = (o: Omit<NameOverride, 'reportId' | 'acceptedAt'>, reportId = 'r1'): NameOverride => ({
  reportId,
  acceptedAt: '2026-06-02T10:00:00.000Z',
  ...o,
});

describe('the join', () => {
  test('each station gets the name and brand of its id; a station the table lacks gets null', () => {
    const join = namesJoiner(names(table({ '1': entry('Total Access Rivoli', 'TotalEnergies') })));
    expect(join.apply(makeStation('1'))).toMatchObject({
      name: 'Total Access Rivoli',
      brand: 'TotalEnergies',
    });
    expect(join.apply(makeStation('2'))).toMatchObject({ name: null, brand: null });
  });

  test('no table yet: every station is nameless, explicitly (null, not absent)', () => {
    const joined = namesJoiner(names(null)).apply(makeStation('1'));
    expect(joined).toHaveProperty('name', null);
    expect(joined).toHaveProperty('brand', null);
  });

  test('an accepted override wins over OSM, field by field; null clears a field', () => {
    const t = table({ '1': entry('Total', 'TotalEnergies'), '2': entry('Carrefour Market', 'Carrefour') });
    const join = namesJoiner(
      names(t, [
        override({ stationId: '1', name: 'Relais des Halles' }),
        override({ stationId: '2', brand: null }),
        override({ stationId: '3', name: 'Garage Martin', brand: 'Avia' }),
      ]),
    );
    expect(join.apply(makeStation('1'))).toMatchObject({ name: 'Relais des Halles', brand: 'TotalEnergies' });
    expect(join.apply(makeStation('2'))).toMatchObject({ name: 'Carrefour Market', brand: null });
    expect(join.apply(makeStation('3'))).toMatchObject({ name: 'Garage Martin', brand: 'Avia' });
  });

  test('a position override moves the station and drops the coordinate flags the feed raised', () => {
    const join = namesJoiner(names(null, [override({ stationId: '1', lat: 45.1, lon: 1.5 })]));
    const joined = join.apply(
      makeStation('1', { lat: 2.35, lon: 48.85, flags: ['coords-swapped', 'hours-invalid'] }),
    );
    expect(joined).toMatchObject({ lat: 45.1, lon: 1.5, flags: ['hours-invalid'] });
  });

  test('a new name changes the station hash: the diff rewrites it and only it', () => {
    const stations = [makeStation('1'), makeStation('2')];
    const collect = (n: JoinNames) => {
      const c = createCollector();
      const join = namesJoiner(n);
      for (const s of stations) c.add(join.apply(s));
      return c.result().stations;
    };
    const v1 = collect(names(table({ '1': entry('Esso Rivoli', 'Esso'), '2': entry('Avia', 'Avia') }, 'v1')));
    const v2 = collect(
      names(table({ '1': entry('Esso Express Rivoli', 'Esso'), '2': entry('Avia', 'Avia') }, 'v2')),
    );
    expect(v2.get('1')?.hash).not.toBe(v1.get('1')?.hash);
    expect(v2.get('2')?.hash).toBe(v1.get('2')?.hash);
    const changes = diffStations(v2, diffStations(v1, null).index);
    expect(changes.changed.map((s) => s.id)).toEqual(['1']);
    expect(JSON.parse(changes.changed[0]?.json ?? '{}')).toMatchObject({ name: 'Esso Express Rivoli' });
    // A name alone is no price change: no history item, no alert.
    expect(changes.history).toEqual([]);
  });

  test('coverage counts the stations kept (first of each id) and the table ids no station has', () => {
    const join = namesJoiner(
      names(
        table({
          '1': entry('Total Access', 'TotalEnergies'),
          '2': entry(null, 'Intermarché'),
          '3': entry('Garage du Centre', null),
          '99': entry('Ailleurs', null),
        }),
      ),
    );
    for (const id of ['1', '2', '3', '4', '1']) join.apply(makeStation(id));
    expect(join.coverage()).toEqual({
      stations: 4,
      withName: 2,
      withBrand: 2,
      withEither: 3,
      neither: 1,
      unmatchedOsmIds: 1,
      namesVersion: 'v1',
    });
  });
});

describe('what the pointer records of the names', () => {
  test('the overrides fingerprint: null without any, blind to report ids, moved by a value', () => {
    expect(overridesHash(new Map())).toBeNull();
    const a = names(null, [override({ stationId: '1', name: 'A' }, 'r1')]).overridesHash;
    const sameValue = names(null, [override({ stationId: '1', name: 'A' }, 'r2')]).overridesHash;
    const other = names(null, [override({ stationId: '1', name: 'B' })]).overridesHash;
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(sameValue).toBe(a);
    expect(other).not.toBe(a);
  });

  test('same names: a pointer from before names matches "none"; another version or overrides do not', () => {
    const pointer = { runId: 'r', snapshotKey: 'k' } as PublishedData;
    expect(sameNames(pointer, names(null))).toBe(true);
    expect(sameNames(null, names(null))).toBe(true);
    expect(sameNames(pointer, names(table({}, 'v1')))).toBe(false);
    const v1 = { ...pointer, namesVersion: 'v1', overridesHash: null };
    expect(sameNames(v1, names(table({}, 'v1')))).toBe(true);
    expect(sameNames(v1, names(table({}, 'v2')))).toBe(false);
    expect(sameNames(v1, names(table({}, 'v1'), [override({ stationId: '1', name: 'A' })]))).toBe(false);
  });
});

describe('loading the names at the start of a run', () => {
  function ctx(s3: (input: unknown) => Promise<unknown>, db: () => Promise<unknown>): RunContext {
    return {
      deps: {
        s3: { send: s3 } as unknown as S3Client,
        table: { name: 't', client: { send: db } } as unknown as Table,
        dataBucket: 'data',
        archiveBucket: 'archive',
      },
    } as RunContext;
  }
  const noOverrides = async () => ({ Items: [] });

  test('no table published yet is normal: stations without names', async () => {
    const missing = async () => {
      throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    };
    expect(await loadNames(ctx(missing, noOverrides))).toMatchObject({
      table: null,
      namesVersion: null,
      overridesHash: null,
    });
  });

  test('a failing table read or overrides read fails the run (NAMES_UNAVAILABLE), it never joins nothing', async () => {
    const down = async () => {
      throw Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' });
    };
    await expect(loadNames(ctx(down, noOverrides))).rejects.toMatchObject({
      code: 'NAMES_UNAVAILABLE',
      message: expect.stringContaining('the names table could not be read'),
    });
    const missing = async () => {
      throw new NoSuchKey({ message: 'missing', $metadata: {} });
    };
    await expect(loadNames(ctx(missing, down))).rejects.toMatchObject({
      code: 'NAMES_UNAVAILABLE',
      message: expect.stringContaining('the name overrides could not be read'),
    });
  });
});
