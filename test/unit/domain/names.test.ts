import { describe, expect, test } from 'vitest';
import {
  applyNames,
  foldName,
  type NameEntry,
  namesCoverage,
  properCase,
  stationTitle,
} from '#shared/domain/names.ts';
import { makeStation } from '../../helpers/station.ts';

const entry = (name: string | null, brand: string | null): NameEntry => ({
  name,
  brand,
  osmBrand: brand,
  operator: null,
});
const accepted = { reportId: 'r1', acceptedAt: '2026-06-05T10:00:00Z' };

describe('applyNames: OSM entry, then an accepted correction over it', () => {
  test('the entry names the station; none leaves both null', () => {
    const s = makeStation('69500008');
    expect(applyNames(s, entry('Total Access', 'TotalEnergies'), undefined)).toMatchObject({
      name: 'Total Access',
      brand: 'TotalEnergies',
    });
    expect(applyNames(s, undefined, undefined)).toMatchObject({ name: null, brand: null });
  });

  test('an override wins field by field; an absent field keeps OSM, null clears it', () => {
    const s = makeStation('1');
    const e = entry('Station du Lac', 'Avia');
    expect(applyNames(s, e, { stationId: '1', brand: 'Esso', ...accepted })).toMatchObject({
      name: 'Station du Lac',
      brand: 'Esso',
    });
    expect(applyNames(s, e, { stationId: '1', name: null, ...accepted })).toMatchObject({
      name: null,
      brand: 'Avia',
    });
  });

  test('a position override moves the station and drops the feed coordinate flags only', () => {
    const s = makeStation('1', { lat: 0, lon: 0, flags: ['coords-far-from-postcode', 'no-price'] });
    const moved = applyNames(s, undefined, { stationId: '1', lat: 45.16, lon: 1.53, ...accepted });
    expect(moved).toMatchObject({ lat: 45.16, lon: 1.53, flags: ['no-price'] });
    expect(s.lat).toBe(0); // the input is not mutated
  });
});

describe('namesCoverage', () => {
  test('counts names, brands, either, neither and the OSM ids no station has', () => {
    const stations = [
      { id: 'a', name: 'X', brand: null },
      { id: 'b', name: null, brand: 'Esso' },
      { id: 'c', name: 'Y', brand: 'BP' },
      { id: 'd', name: null, brand: null },
    ];
    const table = { version: 'v1', entries: { a: entry('X', null), z: entry('Gone', null) } };
    expect(namesCoverage(stations, table)).toEqual({
      stations: 4,
      withName: 2,
      withBrand: 2,
      withEither: 3,
      neither: 1,
      unmatchedOsmIds: 1,
      namesVersion: 'v1',
    });
    expect(namesCoverage(stations, null)).toMatchObject({ unmatchedOsmIds: 0, namesVersion: null });
  });
});

describe('stationTitle', () => {
  const place = { town: 'BRIVE-LA-GAILLARDE', address: '28 AVENUE MAURICE JARROSSON' };
  test.each([
    ['a real name is the title', 'Relais de la Corrèze', 'TotalEnergies', 'Relais de la Corrèze'],
    [
      'a name that only repeats the brand gets the town',
      'INTERMARCHE',
      'Intermarché',
      'Intermarché Brive-la-Gaillarde',
    ],
    ['a brand alone gets the town', null, 'E.Leclerc', 'E.Leclerc Brive-la-Gaillarde'],
    ['neither: the address', null, null, '28 AVENUE MAURICE JARROSSON'],
    ['blank strings count as missing', '  ', '', '28 AVENUE MAURICE JARROSSON'],
  ])('%s', (_what, name, brand, title) => {
    expect(stationTitle({ ...place, name, brand })).toBe(title);
  });
});

describe('foldName and properCase', () => {
  test('fold: case, accents and punctuation', () => {
    expect(foldName('Intermarché')).toBe(foldName('INTERMARCHE'));
    expect(foldName('E. Leclerc')).toBe('e leclerc');
  });
  test('proper case keeps French small words low except first', () => {
    expect(properCase('ST JEAN DE LUZ')).toBe('St Jean de Luz');
    expect(properCase('LA ROCHELLE')).toBe('La Rochelle');
    expect(properCase('CHÂTEAUROUX')).toBe('Châteauroux');
  });
});
