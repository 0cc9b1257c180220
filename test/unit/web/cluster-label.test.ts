import Supercluster from 'supercluster';
import { describe, expect, test } from 'vitest';
import {
  CLUSTERING,
  type GroupProps,
  groupedNote,
  groupLines,
  groupName,
  groupProps,
  mergeGroup,
} from '../../../web/src/lib/cluster-label.ts';
import type { Level } from '../../../web/src/lib/price-level.ts';

const station = (price: number | null, level: Level | null = null) => ({
  price,
  label: price === null ? '?' : price.toFixed(3).replace('.', ','),
  level,
});

/** Folds stations as Supercluster does: the first one's props, then `reduce` with each other's. */
function fold(...parts: GroupProps[]): GroupProps {
  const [first, ...rest] = parts;
  if (!first) throw new Error('no part');
  const into = { ...first };
  for (const p of rest) mergeGroup(into, p);
  return into;
}

describe('mergeGroup', () => {
  test('keeps the cheapest price with its label and level, and the first list position', () => {
    const g = fold(
      groupProps(station(1.799, 3), 4),
      groupProps(station(1.699, 1), 7),
      groupProps(station(1.899, 5), 2),
    );
    expect(g).toEqual({ order: 2, price: 1.699, label: '1,699', level: 1 });
  });

  test('a station without a price (or a doubtful one, passed as null) never sets the “dès”', () => {
    const g = fold(
      groupProps(station(null), 0),
      groupProps(station(1.759, 2), 3),
      groupProps(station(null), 1),
    );
    expect(g).toEqual({ order: 0, price: 1.759, label: '1,759', level: 2 });
    expect(fold(groupProps(station(null), 5), groupProps(station(null), 6))).toEqual({
      order: 5,
      price: null,
      label: null,
      level: null,
    });
  });

  test('on equal prices, the one earlier in the list is quoted', () => {
    const later = { order: 9, price: 1.7, label: 'B', level: 1 as Level };
    const earlier = { order: 3, price: 1.7, label: 'A', level: 1 as Level };
    expect(fold(later, earlier).label).toBe('A');
    expect(fold(earlier, later).label).toBe('A');
  });

  test('through Supercluster: each group says its members’ cheapest price', () => {
    // Three stations a few hundred metres apart in Paris, one 30 km away.
    const stations = [
      { id: 'a', lat: 48.84, lon: 2.3, ...station(1.789, 3) },
      { id: 'b', lat: 48.841, lon: 2.301, ...station(1.729, 2) },
      { id: 'c', lat: 48.842, lon: 2.299, ...station(null) },
      { id: 'd', lat: 49.1, lon: 2.3, ...station(1.599, 1) },
    ];
    const byId = new Map(stations.map((s) => [s.id, s]));
    const index = new Supercluster<{ id: string; order: number }, GroupProps>({
      ...CLUSTERING,
      map: (p) => groupProps(byId.get(p.id) ?? station(null), p.order),
      reduce: mergeGroup,
    }).load(
      stations.map((s, order) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] },
        properties: { id: s.id, order },
      })),
    );
    const features = index.getClusters([-180, -85, 180, 85], 12);
    const group = features.find((f) => 'cluster' in f.properties);
    expect(group?.properties).toMatchObject({ point_count: 3, price: 1.729, label: '1,729', order: 0 });
    expect(features.filter((f) => !('cluster' in f.properties)).map((f) => f.properties)).toEqual([
      { id: 'd', order: 3 },
    ]);
    // Far enough in, every station stands alone.
    expect(index.getClusters([-180, -85, 180, 85], 17).every((f) => !('cluster' in f.properties))).toBe(true);
  });
});

describe('group words', () => {
  const g: GroupProps = { order: 0, price: 1.699, label: '1,699', level: 1 };

  test('the pill: how many, and from which price', () => {
    expect(groupLines(12, g)).toEqual(['12 stations', 'dès 1,699']);
    expect(groupLines(3, { order: 0, price: null, label: null, level: null })).toEqual(['3 stations', null]);
  });

  test('the accessible name says it all in French, the level in words', () => {
    expect(groupName(12, 'Gazole (B7)', g)).toBe(
      '12 stations, la moins chère à 1,699 € le litre de Gazole (B7) (Prix bas) : zoomer pour les voir',
    );
    expect(groupName(2, 'SP98', { order: 0, price: null, label: null, level: null })).toBe(
      '2 stations, prix non communiqués : zoomer pour les voir',
    );
  });

  test('the line under the map, only while some stations are grouped', () => {
    expect(groupedNote(0, 0, 50)).toBeNull();
    expect(groupedNote(38, 5, 50)).toBe(
      'Sur la carte, 38 des 50 stations sont regroupées en 5 groupes : touchez un groupe ou zoomez pour les voir une à une.',
    );
    expect(groupedNote(2, 1, 9)).toMatch(/en 1 groupe :/);
  });
});
