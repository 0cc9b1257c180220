import { describe, expect, test } from 'vitest';
import { hasOsmName, stationHeading } from '#shared/domain/station-heading.ts';
import { hitHeading, stockText } from '../../../web/src/lib/station-text.ts';

const base = { address: '28 AVENUE MAURICE JARROSSON', cp: '19100', town: 'BRIVE-LA-GAILLARDE' };

describe('stationHeading: the title a driver recognises, the address beneath', () => {
  test('the OSM name when it says more than the brand', () => {
    expect(stationHeading({ ...base, name: 'TotalEnergies Access', brand: 'TotalEnergies' })).toEqual({
      title: 'TotalEnergies Access',
      address: '28 AVENUE MAURICE JARROSSON, 19100 Brive-la-Gaillarde',
    });
  });

  test('the brand plus the town (proper case) when the name only repeats the brand, or is missing', () => {
    expect(stationHeading({ ...base, name: 'INTERMARCHE', brand: 'Intermarché' }).title).toBe(
      'Intermarché Brive-la-Gaillarde',
    );
    expect(stationHeading({ ...base, name: null, brand: 'E.Leclerc' }).title).toBe(
      'E.Leclerc Brive-la-Gaillarde',
    );
  });

  test('without name or brand: the address as title, the postcode and town beneath (never twice)', () => {
    expect(stationHeading(base)).toEqual({
      title: '28 AVENUE MAURICE JARROSSON',
      address: '19100 Brive-la-Gaillarde',
    });
    expect(stationHeading({ ...base, address: '  ', name: '', brand: '  ' })).toEqual({
      title: 'Brive-la-Gaillarde',
      address: '19100 Brive-la-Gaillarde',
    });
    expect(stationHeading({ address: '', cp: '', town: '' }).title).toBe('Station sans adresse');
  });

  test('only a name or a brand from OSM needs the OSM credit', () => {
    expect(hasOsmName({ name: 'Total' })).toBe(true);
    expect(hasOsmName({ brand: 'Total' })).toBe(true);
    expect(hasOsmName({ name: ' ', brand: null })).toBe(false);
    expect(hasOsmName({})).toBe(false);
  });

  test('a search hit keeps the API’s title, with the address line beneath', () => {
    const hit = {
      kind: 'station' as const,
      id: '1',
      match: 'exact' as const,
      dept: '19',
      lat: 45.1,
      lon: 1.5,
      name: null,
      brand: 'Intermarché',
      title: 'Intermarché Brive',
      ...base,
    };
    expect(hitHeading(hit)).toEqual({
      title: 'Intermarché Brive',
      address: '28 AVENUE MAURICE JARROSSON, 19100 Brive-la-Gaillarde',
    });
    expect(hitHeading({ ...hit, address: '' }).address).toBe('19100 Brive-la-Gaillarde');
  });
});

describe('stockText: a shortage in words, Paris time', () => {
  test('temporary, definitive, unknown type, no date', () => {
    // The feed's "2026-06-04 19:48:14" (Paris, summer time) as the reader normalises it.
    expect(stockText({ fuel: 'SP98', type: 'temporaire', since: '2026-06-04T19:48:14+02:00' })).toBe(
      'SP98 (E5) : rupture temporaire depuis le 4 juin 2026 à 19:48',
    );
    expect(stockText({ fuel: 'SP95', type: 'definitive', since: '2025-10-28T06:11:04+01:00' })).toBe(
      'SP95 (E5) : plus vendu (rupture définitive) depuis le 28 octobre 2025 à 06:11',
    );
    expect(stockText({ fuel: 'Gazole', type: '', since: null })).toBe('Gazole (B7) : rupture de stock');
    expect(stockText({ fuel: 'E10', type: 'temporaire', since: 'n/a' })).toBe(
      'SP95-E10 : rupture temporaire',
    );
  });
});
