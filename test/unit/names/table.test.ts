import { createReadStream } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Brands } from '#shared/names/brands.ts';
import { loadBrands } from '#shared/names/brands.ts';
import { readNames } from '#shared/names/read.ts';
import { buildNamesTable, namesVersion, preferRow, validateNames } from '#shared/names/table.ts';
import { REAL_NAMES_PATH, row } from './helpers.ts';

/** Brands as written: the table's own rules tested apart from NSI. */
const asWritten: Brands = {
  version: 'test',
  canonical: (r) => ({ brand: r.brand, outcome: r.brand ? 'kept' : 'none' }),
};
const build = (rows: ReturnType<typeof row>[]) =>
  buildNamesTable(rows, { brands: asWritten, source: 'test.csv', fetchedAt: '2026-06-01T00:00:00.000Z' });

describe('the duplicate rule (docs/NAMES.md)', () => {
  test('1. the row with both a brand and a name wins', () => {
    const a = row({ ref: '1', row: 1, name: 'Relais', operator: 'X', branch: 'Y' });
    const b = row({ ref: '1', row: 2, name: 'Total', brand: 'Total' });
    expect(preferRow(a, b)).toBe(b);
    expect(preferRow(b, a)).toBe(b);
  });

  test('2. then more tags filled in', () => {
    const a = row({ ref: '1', row: 1, brand: 'Avia', name: 'Avia' });
    const b = row({ ref: '1', row: 2, brand: 'Avia', name: 'Avia', operator: 'Thevenin' });
    expect(preferRow(a, b)).toBe(b);
  });

  test('3. then the lowest OSM id when both are known, 4. then the first in the file', () => {
    const a = row({ ref: '1', row: 1, brand: 'BP', name: 'BP', osmId: 900 });
    const b = row({ ref: '1', row: 2, brand: 'BP', name: 'BP Nord', osmId: 12 });
    expect(preferRow(a, b)).toBe(b);
    expect(preferRow(b, a)).toBe(b);
    const c = row({ ref: '1', row: 3, brand: 'BP', name: 'BP Sud' });
    expect(preferRow(c, a)).toBe(a);
    expect(preferRow(a, c)).toBe(a);
  });

  test('whatever the order of the rows, the same table', async () => {
    const rows = [
      row({ ref: '01000001', row: 1, name: 'Relais' }),
      row({ ref: '01000001', row: 2, name: 'Total Relais', brand: 'Total' }),
      row({ ref: '01000001', row: 3, name: 'Total', brand: 'Total', osmId: 5 }),
      row({ ref: '01000002', row: 4, name: 'Avia' }),
    ];
    const forward = await build(rows);
    const backward = await build([...rows].reverse());
    expect(forward.table.entries).toEqual(backward.table.entries);
    expect(forward.table.version).toBe(backward.table.version);
    expect(forward.table.entries['01000001']?.name).toBe('Total Relais'); // row 3 has an id, row 2 none: first in file
    expect(forward.table.duplicateIds).toBe(1);
  });
});

describe('building the table', () => {
  test('ids trimmed; invalid ones dropped and counted; "a;b" gives both', async () => {
    const built = await build([
      row({ ref: ' 01000001 ', name: 'A' }),
      row({ ref: 'n/a', name: 'B' }),
      row({ ref: '123', name: 'C' }),
      row({ ref: '', name: 'D' }),
      row({ ref: '02000001;02000002', name: 'E' }),
    ]);
    expect(Object.keys(built.table.entries)).toEqual(['01000001', '02000001', '02000002']);
    expect(built.invalidIds).toBe(2);
    expect(built.table).toMatchObject({ rows: 5, rowsWithId: 2, duplicateIds: 0, source: 'test.csv' });
    expect(built.table.entries['01000001']).toEqual({
      name: 'A',
      brand: null,
      osmBrand: null,
      operator: null,
    });
  });

  test('the version follows the entries only', async () => {
    const a = await build([row({ ref: '01000001', name: 'A' })]);
    const again = await buildNamesTable([row({ ref: '01000001', name: 'A' })], {
      brands: asWritten,
      source: 'other.csv',
      fetchedAt: '2027-01-01T00:00:00.000Z',
    });
    const renamed = await build([row({ ref: '01000001', name: 'A2' })]);
    expect(again.table.version).toBe(a.table.version);
    expect(renamed.table.version).not.toBe(a.table.version);
    expect(namesVersion(a.table.entries)).toBe(a.table.version);
  });

  test('a header and no row: EMPTY', async () => {
    await expect(build([])).rejects.toMatchObject({ code: 'EMPTY' });
  });

  test('the real file: 75 duplicate ids, one entry per id, brands normalised', {
    timeout: 60_000,
  }, async () => {
    const built = await buildNamesTable(readNames(createReadStream(REAL_NAMES_PATH)), {
      brands: loadBrands(),
      source: 'osm.csv',
      fetchedAt: '2026-06-01T00:00:00.000Z',
    });
    const { table } = built;
    expect(table.rows).toBe(12_601);
    expect(table.rowsWithId).toBe(12_601 - 2_386);
    expect(table.duplicateIds).toBe(75);
    const ids = new Set<string>();
    for await (const r of readNames(createReadStream(REAL_NAMES_PATH)))
      for (const id of r.ref.split(';')) if (/^\d{7,8}$/.test(id.trim())) ids.add(id.trim());
    expect(Object.keys(table.entries).sort()).toEqual([...ids].sort());
    // 34770001,Total,Total Automat,Total,
    expect(table.entries['34770001']).toEqual({
      name: 'Total Automat',
      brand: 'TotalEnergies',
      osmBrand: 'Total',
      operator: 'Total',
    });
    const branded = built.brands.matched + built.brands.kept + built.brands.generic;
    expect(built.brands.matched / branded).toBeGreaterThan(0.9);
  });
});

describe('validateNames', () => {
  const entries = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        String(1_000_000 + i),
        { name: 'x', brand: null, osmBrand: null, operator: null },
      ]),
    );

  test('refuses an empty file, a file without ids, and a shrink beyond 10%', () => {
    expect(validateNames({ rows: 0, entries: {} }, null)).toMatchObject({ ok: false, code: 'EMPTY' });
    expect(validateNames({ rows: 40, entries: {} }, null)).toMatchObject({ ok: false, code: 'NO_IDS' });
    const last = { entries: entries(1000) };
    expect(validateNames({ rows: 1000, entries: entries(899) }, last)).toMatchObject({
      ok: false,
      code: 'SHRUNK',
      message: expect.stringContaining('1000'),
    });
  });

  test('accepts 10% fewer, more, or a first table', () => {
    const last = { entries: entries(1000) };
    expect(validateNames({ rows: 900, entries: entries(900) }, last)).toEqual({ ok: true });
    expect(validateNames({ rows: 2000, entries: entries(2000) }, last)).toEqual({ ok: true });
    expect(validateNames({ rows: 5, entries: entries(5) }, null)).toEqual({ ok: true });
  });
});
