import { describe, expect, test } from 'vitest';
import { classifyQuery, search } from '#shared/domain/search.ts';
import { buildSearchIndex, normalizeText, type SearchableStation } from '#shared/domain/search-index.ts';

const st = (
  id: string,
  town: string,
  cp: string,
  address: string,
  lat: number | null = 45,
  lon: number | null = 4,
  flags: string[] = [],
): SearchableStation => ({
  id,
  town,
  cp,
  dept: cp.startsWith('20') ? (cp < '20200' ? '2A' : '2B') : cp.slice(0, 2),
  address,
  lat,
  lon,
  flags,
});

const stations: SearchableStation[] = [
  st('1000001', 'Saint-Étienne', '42000', '12 Rue de la République', 45.43, 4.39),
  st('1000002', 'ST ETIENNE', '42100', "Boulevard de l'Europe", 45.41, 4.41),
  st('1000003', 'Saint-Étienne', '42000', 'Cours Fauriel', 45.44, 4.4),
  st('1000004', 'Sainte-Foy-lès-Lyon', '69110', 'Avenue Maréchal Foch', 45.73, 4.79),
  st('1000005', 'STE FOY LES LYON', '69110', 'Chemin de la Croix', 45.74, 4.8),
  st('1000006', 'Lyon', '69003', '5 Rue Garibaldi', 45.76, 4.85),
  st('1000007', 'Lyon', '69007', 'Avenue Jean Jaurès', 45.75, 4.84),
  st('1000008', 'Lyon', '69007', 'Rue de Gerland', 45.73, 4.83),
  st('1000009', 'Villeurbanne', '69100', 'Cours Émile Zola', 45.77, 4.88),
  st('1000010', 'Ajaccio', '20090', 'Route du Ricanto', 41.93, 8.74),
  st('1000011', 'Bastia', '20200', 'Avenue de la Libération', 42.7, 9.45),
  st('1000012', "L'Isle-d'Abeau", '38080', "Rue de l'Isle", 45.62, 5.23),
  st('1000013', 'Nowhere', '99999', 'No coordinates', null, null),
  st('1000014', 'Far Town', '69500', 'Wrong place', 48.0, 2.0, ['coords-far-from-postcode']),
  st('1000015', 'Far Town', '69500', 'Right place', 45.7, 4.9),
];
const index = buildSearchIndex(stations);

describe('normalizeText', () => {
  test('accents, case, hyphens, apostrophes and ST/STE abbreviations compare alike', () => {
    expect(normalizeText('Saint-Étienne')).toBe('SAINT ETIENNE');
    expect(normalizeText('ST ETIENNE')).toBe('SAINT ETIENNE');
    expect(normalizeText('st-étienne')).toBe('SAINT ETIENNE');
    expect(normalizeText('Ste-Foy-lès-Lyon')).toBe('SAINTE FOY LES LYON');
    expect(normalizeText("L'Isle-d'Abeau")).toBe('L ISLE D ABEAU');
    expect(normalizeText('  Œuilly   ')).toBe('OEUILLY');
    expect(normalizeText('Stella-Plage')).toBe('STELLA PLAGE'); // only whole words are abbreviations
  });
});

describe('classifyQuery', () => {
  test.each([
    ['42000', 'postcode'],
    ['69', 'dept'],
    ['2a', 'dept'],
    ['2B', 'dept'],
    ['974', 'dept'],
    ['6900', 'postcode-prefix'],
    ['20', 'postcode-prefix'],
    ['4', 'postcode-prefix'],
    ['lyon', 'text'],
    ['12 rue', 'text'],
  ])('%s → %s', (q, kind) => expect(classifyQuery(q)).toBe(kind));
});

describe('search', () => {
  test('a town, whatever its spelling: one place per town and postcode, with the centre of its stations', () => {
    for (const q of ['saint-etienne', 'ST ETIENNE', 'St Étienne', 'saint etienne']) {
      const { kind, places } = search(index, q, 10);
      expect(kind).toBe('text');
      expect(places.map((p) => [p.cp, p.match, p.stations])).toEqual([
        ['42000', 'exact', 2],
        ['42100', 'exact', 1],
      ]);
    }
    const [main] = search(index, 'saint etienne', 10).places;
    expect(main).toMatchObject({ town: 'Saint-Étienne', dept: '42', lat: 45.435, lon: 4.395 });
  });

  test('ranked exact > prefix > contains, then more stations first', () => {
    const { places } = search(index, 'lyon', 10);
    expect(places.map((p) => `${p.match}:${p.cp}:${p.stations}`)).toEqual([
      'exact:69007:2',
      'exact:69003:1',
      'contains:69110:2',
    ]);
    expect(search(index, 'villeur', 10).places[0]).toMatchObject({ town: 'Villeurbanne', match: 'prefix' });
    expect(search(index, 'sainte foy', 10).places[0]).toMatchObject({
      cp: '69110',
      match: 'prefix',
      stations: 2,
    });
  });

  test('a postcode, a postcode prefix, a département (Corsica too)', () => {
    expect(search(index, '69007', 10)).toMatchObject({
      kind: 'postcode',
      places: [{ town: 'Lyon', cp: '69007', stations: 2, match: 'exact' }],
    });
    expect(
      search(index, '69007', 10)
        .stations.map((s) => s.id)
        .sort(),
    ).toEqual(['1000007', '1000008']);
    expect(search(index, '691', 10).places.map((p) => p.cp)).toEqual(['69110', '69100']);
    const corsica = search(index, '2a', 10);
    expect(corsica.kind).toBe('dept');
    expect(corsica.places.map((p) => p.town)).toEqual(['Ajaccio']);
    // 2 stations each (Far Town, Lyon 7e, Sainte-Foy) before 1 each; ties by name
    expect(search(index, '69', 10).places.map((p) => p.cp)).toEqual([
      '69500',
      '69007',
      '69110',
      '69003',
      '69100',
    ]);
  });

  test('address words find stations; every word must match', () => {
    const { stations: found } = search(index, 'rue garibaldi', 10);
    expect(found.map((s) => [s.id, s.match])).toEqual([['1000006', 'exact']]);
    expect(search(index, 'garib', 10).stations.map((s) => [s.id, s.match])).toEqual([['1000006', 'prefix']]);
    expect(search(index, 'ribald', 10).stations.map((s) => [s.id, s.match])).toEqual([
      ['1000006', 'contains'],
    ]);
    expect(search(index, "l'europe", 10).stations.map((s) => s.id)).toEqual(['1000002']);
    expect(search(index, 'rue nowhere-street', 10).stations).toEqual([]);
  });

  test('places without usable coordinates are not offered; far-off coordinates do not move a centre', () => {
    expect(search(index, 'nowhere', 10).places).toEqual([]);
    expect(search(index, 'nowhere', 10).stations.map((s) => s.id)).toEqual(['1000013']);
    expect(search(index, 'far town', 10).places[0]).toMatchObject({ lat: 45.7, lon: 4.9, stations: 2 });
  });

  test('injection strings are just text: no error, no match', () => {
    expect(search(index, "' OR 1=1 --", 10)).toMatchObject({ kind: 'text', places: [], stations: [] });
    expect(search(index, '{"$gt":""}', 10)).toMatchObject({ kind: 'text', places: [], stations: [] });
    expect(search(index, '---', 10)).toMatchObject({ kind: 'text', places: [], stations: [] });
  });

  test('limit applies to places and stations separately', () => {
    const res = search(index, '69', 2);
    expect(res.places).toHaveLength(2);
    expect(res.stations).toHaveLength(2);
  });
});
