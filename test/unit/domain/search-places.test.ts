import { describe, expect, test } from 'vitest';
import { search } from '#shared/domain/search.ts';
import {
  buildSearchIndex,
  type SearchableStation,
  searchIndexFromJson,
  searchIndexToJson,
} from '#shared/domain/search-index.ts';
import { frenchCommunes } from '#shared/places/communes.ts';

/**
 * Search that knows how French people name places (issue 17, item 1): arrondissements, every commune of
 * France with or without a station, typos, "Lyon" as a whole, proper case and no duplicate towns. Real
 * communes (the official list), a few stations spelled as the feed spells them.
 */
const st = (
  id: string,
  town: string,
  cp: string,
  address: string,
  lat: number,
  lon: number,
): SearchableStation => ({
  id,
  town,
  cp,
  dept: cp.slice(0, 2),
  address,
  lat,
  lon,
  flags: [],
});

const STATIONS: SearchableStation[] = [
  st('75015001', 'PARIS', '75015', '15 Rue de la Convention', 48.8412, 2.2886),
  st('75015002', 'Paris 15e', '75015', '150 Rue de Vaugirard', 48.8421, 2.3065),
  st('75007001', 'PARIS', '75007', '15 Avenue de Suffren', 48.8553, 2.2965),
  st('75116001', 'PARIS', '75116', '2 Avenue Foch', 48.8718, 2.2867),
  st('69003001', 'LYON', '69003', '5 Rue Garibaldi', 45.7601, 4.8498),
  st('69007001', 'Lyon', '69007', 'Avenue Jean Jaurès', 45.75, 4.84),
  st('69007002', 'LYON 7EME', '69007', 'Rue de Gerland', 45.73, 4.83),
  st('13008001', 'MARSEILLE', '13008', 'Avenue du Prado', 43.27, 5.39),
  st('13001001', 'Marseille', '13001', 'La Canebière', 43.2977, 5.3806),
  st('36000001', 'CHâTEAUROUX', '36000', 'Avenue de la Châtre', 46.8, 1.69),
  st('36000002', 'CHATEAUROUX', '36000', 'Rue Grande', 46.81, 1.7),
  st('33000001', 'BORDEAUX', '33000', 'Quai des Chartrons', 44.85, -0.57),
  st('63000001', 'CLERMONT-FERRAND', '63000', 'Boulevard Lafayette', 45.77, 3.09),
  st('19500001', 'MEYSSAC', '19500', 'Route de Brive', 45.05, 1.67),
  st('19100001', 'BRIVE-LA-GAILLARDE', '19100', 'Avenue de Paris', 45.16, 1.53),
];
const index = buildSearchIndex(STATIONS, frenchCommunes());
const places = (q: string) => search(index, q, 10).places;

describe('arrondissements, however they are written', () => {
  test.each([
    ['Paris 15e', 'Paris 15e', '75015'],
    ['paris 15', 'Paris 15e', '75015'],
    ['Paris 15ème', 'Paris 15e', '75015'],
    ['Paris XVe', 'Paris 15e', '75015'],
    ['15e arrondissement Paris', 'Paris 15e', '75015'],
    ['75015', 'Paris 15e', '75015'],
    ['Lyon 3e', 'Lyon 3e', '69003'],
    ['Lyon 7ème', 'Lyon 7e', '69007'],
    ['Marseille 8e', 'Marseille 8e', '13008'],
    ['Marseille 1er', 'Marseille 1er', '13001'],
  ])('%s → %s', (q, town, cp) => {
    const [first] = places(q);
    expect(first).toMatchObject({ kind: 'arrondissement', town, cp, label: `${town} (${cp})` });
  });

  test('centred on the arrondissement, with its own stations only (never a "15 rue" of the 7e)', () => {
    const res = search(index, 'Paris 15', 10);
    expect(res.places).toHaveLength(1);
    expect(res.places[0]).toMatchObject({ lat: 48.84165, lon: 2.29755, stations: 2, centre: 'stations' });
    expect(res.stations.map((s) => s.id).sort()).toEqual(['75015001', '75015002']);
    // Paris 16e has two postcodes: both are its own.
    expect(places('Paris 16e')[0]).toMatchObject({ postcodes: ['75016', '75116'], stations: 1 });
  });
});

describe('every commune of France', () => {
  test('a village with no station is found, centred on the stations of its postcode', () => {
    const [first] = places('Collonges-la-Rouge');
    expect(first).toMatchObject({
      kind: 'commune',
      town: 'Collonges-la-Rouge',
      label: 'Collonges-la-Rouge (19500)',
      code: '19057',
      stations: 0,
      centre: 'postcode',
      lat: 45.05,
      lon: 1.67,
    });
    // No station in its postcode: the département's stations, marked approximate.
    expect(places('Aubazines')[0]).toMatchObject({ town: 'Aubazines', centre: 'departement' });
  });

  test('"Lyon" is the city as a whole, then its arrondissements: no postcode silently picked', () => {
    const found = places('Lyon');
    expect(found[0]).toMatchObject({ kind: 'commune', town: 'Lyon', label: 'Lyon (69)', stations: 3 });
    expect(found[0]?.postcodes).toHaveLength(9);
    // Those with stations first, then by population; one without a station is centred on the city.
    expect(found.slice(1, 4).map((p) => p.town)).toEqual(['Lyon 7e', 'Lyon 3e', 'Lyon 8e']);
    expect(found.find((p) => p.town === 'Lyon 1er')).toMatchObject({ centre: 'city', lat: found[0]?.lat });
  });
});

describe('typos, proper case, no duplicates', () => {
  test.each([
    ['Chateauroux', 'Châteauroux'],
    ['chateaurou', 'Châteauroux'],
    ['Bordaux', 'Bordeaux'],
    ['Clermont Ferand', 'Clermont-Ferrand'],
    ['Colonges la Rouge', 'Collonges-la-Rouge'],
  ])('%s → %s', (q, town) => {
    expect(places(q)[0]?.town).toBe(town);
  });

  test('suggestions in proper case, each town once', () => {
    const found = places('chateauroux');
    expect(found.map((p) => p.label)).toEqual(['Châteauroux (36000)']);
    expect(found[0]?.stations).toBe(2);
    // A station keeps the feed's town; its title proper-cases it.
    expect(search(index, 'rue grande', 10).stations[0]?.title).toBe('Rue Grande');
    expect(
      search(index, 'chateauroux', 10)
        .stations.map((s) => s.id)
        .sort(),
    ).toEqual(['36000001', '36000002']);
    for (const q of ['Paris', 'Lyon', 'Marseille', 'Brive', 'Saint-Marcel']) {
      const labels = places(q).map((p) => p.label);
      expect(new Set(labels).size, q).toBe(labels.length);
      expect(
        labels.every((l) => !/[A-Z]{2}/.test(l.replace(/\(.*\)/, ''))),
        q,
      ).toBe(true);
    }
  });

  test('the published JSON searches alike', () => {
    const back = searchIndexFromJson(JSON.parse(JSON.stringify(searchIndexToJson(index))));
    for (const q of ['Paris 15e', 'Lyon', 'Collonges-la-Rouge', 'Bordaux', '75015', '19'])
      expect(search(back, q, 10), q).toEqual(search(index, q, 10));
  });
});
