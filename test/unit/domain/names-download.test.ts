import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import type { NamesTable } from '#shared/domain/names.ts';
import { NAME_COLUMNS, nameRows, namesCsv } from '#shared/domain/names-download.ts';

const table: Pick<NamesTable, 'entries'> = {
  entries: {
    '69500008': { name: 'Total Access', brand: 'TotalEnergies', osmBrand: 'Total', operator: 'Total' },
    '19100011': {
      name: 'Station Service "E. Leclerc", Brive',
      brand: 'E.Leclerc',
      osmBrand: 'E. Leclerc',
      operator: null,
    },
    '99999999': { name: null, brand: 'Avia', osmBrand: 'Avia', operator: 'Multi\nline' },
  },
};
const places = [
  { id: '69500008', cp: '69500', town: 'Bron' },
  { id: '19100011', cp: '19100', town: 'Brive-la-Gaillarde' },
  { id: '12345678', cp: '75001', town: 'Paris' },
];

describe('the ODbL download of the names table', () => {
  test('one row per table id, by id, with the place of the station of that id (null when none)', () => {
    expect(nameRows(table, places)).toEqual([
      {
        id: '19100011',
        name: 'Station Service "E. Leclerc", Brive',
        brand: 'E.Leclerc',
        osmBrand: 'E. Leclerc',
        operator: null,
        cp: '19100',
        town: 'Brive-la-Gaillarde',
      },
      {
        id: '69500008',
        name: 'Total Access',
        brand: 'TotalEnergies',
        osmBrand: 'Total',
        operator: 'Total',
        cp: '69500',
        town: 'Bron',
      },
      {
        id: '99999999',
        name: null,
        brand: 'Avia',
        osmBrand: 'Avia',
        operator: 'Multi\nline',
        cp: null,
        town: null,
      },
    ]);
  });

  test('CSV: the licence as a # line, the header, quoted fields that a CSV reader reads back', () => {
    const rows = nameRows(table, places);
    const csv = namesCsv(rows, 'Licence:\nODbL');
    const [first, header] = csv.split('\r\n');
    expect(first).toBe('# Licence: ODbL');
    expect(header).toBe(NAME_COLUMNS.join(','));
    const back = parse(csv, { columns: true, comment: '#' }) as Record<string, string>[];
    expect(back).toEqual(rows.map((r) => Object.fromEntries(NAME_COLUMNS.map((c) => [c, r[c] ?? '']))));
  });
});
