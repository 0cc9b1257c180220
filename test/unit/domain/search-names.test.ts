import { describe, expect, test } from 'vitest';
import { search } from '#shared/domain/search.ts';
import { buildSearchIndex, searchIndexFromJson, searchIndexToJson } from '#shared/domain/search-index.ts';
import type { Station } from '#shared/domain/station.ts';
import { makeStation } from '../../helpers/station.ts';

/**
 * Search by brand and name (issue 16): real stations of Brive-la-Gaillarde and Lyon as the feed and the OSM
 * names file (../shared/names/) give them, with the brands canonicalised as the names function does.
 */
const named = (
  id: string,
  town: string,
  cp: string,
  address: string,
  brand: string | null,
  name: string | null,
  lat = 45.15,
  lon = 1.53,
): Station => makeStation(id, { town, cp, dept: cp.slice(0, 2), address, brand, name, lat, lon });

const STATIONS: Station[] = [
  named(
    '19100011',
    'Brive-la-Gaillarde',
    '19100',
    '86 Avenue Président John Kennedy',
    'E.Leclerc',
    'Station Service E. Leclerc',
  ),
  named('19100009', 'BRIVE-LA-GAILLARDE', '19100', 'Impasse du Pilou', 'Intermarché', 'Intermarché'),
  named('19100010', 'BRIVE-LA-GAILLARDE', '19100', '147 Avenue Ribot', 'Intermarché', 'Intermarché'),
  named('19100017', 'Brive-la-Gaillarde', '19100', '90 AV RIBOT', 'TotalEnergies', 'Total Access'),
  named(
    '19100016',
    'Brive-la-Gaillarde',
    '19100',
    '108 AVENUE PIERRE SEMARD',
    'TotalEnergies',
    'Total Access',
  ),
  // An Esso on a street named after General Leclerc: "Leclerc Brive" is not about it.
  named('19100099', 'BRIVE-LA-GAILLARDE', '19100', '2 Avenue du Général Leclerc', 'Esso', 'Esso'),
  named('19100001', 'BRIVE-LA-GAILLARDE', '19100', '90 Avenue Abbé Jean Alvitre', 'Auchan', null),
  named('19130004', 'Objat', '19130', 'Lieu-dit Bridal', 'Intermarché', 'Intermarché'),
  named('19130003', 'OBJAT', '19130', 'Route de Brive', 'TotalEnergies', 'Total'),
  named(
    '19140003',
    'Uzerche',
    '19140',
    'Lieu-dit les Paturaux',
    'Intermarché',
    'Station service Intermarché',
  ),
  named('69003012', 'Lyon', '69003', '65 COURS ALBERT THOMAS', 'Avia', 'Avia', 45.747, 4.867),
  named('69003013', 'LYON', '69003', '258 rue Garibaldi', 'Avia', 'Avia', 45.754, 4.853),
  named(
    '69003020',
    'LYON',
    '69003',
    '12 Avenue Lacassagne',
    'Intermarché',
    'Intermarché Express',
    45.75,
    4.87,
  ),
  named(
    '69008007',
    'LYON',
    '69008',
    '131 RUE MARIUS BERLIET',
    'TotalEnergies',
    'Total Access',
    45.737,
    4.869,
  ),
  named('69007009', 'LYON', '69007', 'AVENUE TONY GARNIER', 'TotalEnergies', 'Total Access', 45.726, 4.84),
  named('69007010', 'LYON', '69007', 'Rue de Gerland', 'TotalEnergies', 'Total', 45.73, 4.83),
  named('69009001', 'LYON', '69009', '3 Quai Paul Sédaillan', null, null, 45.78, 4.81),
];
const index = buildSearchIndex(STATIONS);
const ids = (q: string, limit = 10) => search(index, q, limit).stations.map((s) => s.id);

describe('search by brand and name', () => {
  test('"Leclerc Brive": the E.Leclerc of Brive first, before a station on Avenue du Général Leclerc', () => {
    expect(ids('Leclerc Brive')).toEqual(['19100011', '19100099']);
    const [leclerc] = search(index, 'Leclerc Brive', 10).stations;
    expect(leclerc).toMatchObject({
      kind: 'station',
      id: '19100011',
      title: 'Station Service E. Leclerc',
      name: 'Station Service E. Leclerc',
      brand: 'E.Leclerc',
      town: 'Brive-la-Gaillarde',
      cp: '19100',
      match: 'exact',
    });
  });

  test('"intermarché 69003": the brand within a postcode, accents and case folded', () => {
    expect(ids('intermarché 69003')).toEqual(['69003020']);
    expect(ids('INTERMARCHE 69003')).toEqual(['69003020']);
    expect(ids('Intermarche brive').sort()).toEqual(['19100009', '19100010']);
  });

  test('"total access lyon": name words and town, TotalEnergies stations named otherwise left out', () => {
    expect(ids('total access lyon').sort()).toEqual(['69007009', '69008007']);
    // "total" also prefixes the canonical brand: every TotalEnergies station of Lyon.
    expect(ids('total lyon').sort()).toEqual(['69007009', '69007010', '69008007']);
  });

  test('a brand alone finds its stations; the title is brand plus town when there is no name', () => {
    expect(ids('auchan')).toEqual(['19100001']);
    expect(search(index, 'auchan', 10).stations[0]?.title).toBe('Auchan Brive-la-Gaillarde');
    expect(ids('avia').sort()).toEqual(['69003012', '69003013']);
    // Every word must match: no Avia in Brive.
    expect(ids('avia brive')).toEqual([]);
  });

  test('town, postcode and address searches still answer as before', () => {
    const brive = search(index, 'brive', 10);
    expect(brive.places.map((p) => `${p.town} ${p.cp}`)).toEqual(['BRIVE-LA-GAILLARDE 19100']);
    // "Route de Brive" in Objat matches by its address, as before names existed.
    expect(brive.stations.map((s) => s.id)).toContain('19130003');
    expect(ids('garibaldi')).toEqual(['69003013']);
    const pc = search(index, '69003', 10);
    expect(pc.kind).toBe('postcode');
    expect(pc.stations.map((s) => s.id).sort()).toEqual(['69003012', '69003013', '69003020']);
    // A station without name or brand: its address is its title.
    expect(search(index, 'sedaillan', 10).stations[0]).toMatchObject({
      id: '69009001',
      name: null,
      brand: null,
      title: '3 Quai Paul Sédaillan',
    });
  });

  test('the result count is bounded by the limit', () => {
    expect(ids('intermarché', 2)).toHaveLength(2);
    expect(ids('intermarché', 50)).toHaveLength(5);
  });

  test('the published JSON keeps names and brands; an index published before them reads as null', () => {
    const json = searchIndexToJson(index);
    const back = searchIndexFromJson(JSON.parse(JSON.stringify(json)));
    expect(search(back, 'Leclerc Brive', 10)).toEqual(search(index, 'Leclerc Brive', 10));
    const old = { ...json, stations: json.stations.map((s) => s.slice(0, 7) as typeof s) };
    const [first] = search(searchIndexFromJson(old), 'pilou', 10).stations;
    expect(first).toMatchObject({ id: '19100009', name: null, brand: null, title: 'Impasse du Pilou' });
  });
});
