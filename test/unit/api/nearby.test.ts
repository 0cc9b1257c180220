import { describe, expect, test } from 'vitest';
import { distanceKm } from '#shared/domain/geo.ts';
import { parisClock } from '#shared/domain/time.ts';
import { indexSnapshot } from '#shared/snapshot/indexed.ts';
import { findNearby, type NearbyQuery } from '#shared/snapshot/nearby.ts';
import { toNearbyStation } from '#shared/snapshot/present.ts';
import { CENTRE, NOW, STATIONS, snapshotOf } from '../../helpers/snapshot.ts';
import { makeStation } from '../../helpers/station.ts';

const snap = indexSnapshot(snapshotOf('run-1'));
const clock = parisClock(NOW);
const base: NearbyQuery = {
  ...CENTRE,
  radiusKm: 5,
  fuel: null,
  sort: 'distance',
  openNow: false,
  inStock: false,
  road: null,
};
const ids = (q: Partial<NearbyQuery>) =>
  findNearby(snap, { ...base, ...q }, NOW, clock).map((h) => h.station.id);

describe('findNearby', () => {
  test('by distance: every located station in the radius, nearest first, exactly as a linear scan finds them', () => {
    const expected = STATIONS.filter((s) => s.lat !== null && s.lon !== null)
      .map((s) => ({ id: s.id, d: distanceKm(CENTRE.lat, CENTRE.lon, s.lat as number, s.lon as number) }))
      .filter((s) => s.d <= 5)
      .sort((a, b) => a.d - b.d)
      .map((s) => s.id);
    expect(ids({})).toEqual(expected);
    expect(ids({})).toHaveLength(8);
    expect(ids({})[0]).toBe('69000001');
    expect(ids({ radiusKm: 50 })).toContain('38000001');
  });

  test('by price: cheapest first, ties by distance, stations without a usable price (none, outlier) last', () => {
    const hits = findNearby(snap, { ...base, fuel: 'Gazole', sort: 'price' }, NOW, clock);
    expect(hits.map((h) => [h.station.id, h.price?.price ?? null])).toEqual([
      ['69000003', 1.649],
      ['69000002', 1.699], // 0.8 km
      ['69000007', 1.699], // 2.5 km
      ['69000004', 1.729],
      ['69000008', 1.759],
      ['69000006', 1.799],
      // without a usable Gazole price (an outlier), by distance; 69000001 sells no Gazole: not listed.
      ['69000005', 0.001],
    ]);
  });

  test('a fuel chosen: a station that does not sell it is never listed, a shortage only with the stock filter off', () => {
    const at = (lat: number) => ({ lat, lon: CENTRE.lon, cp: '69002', dept: '69', town: 'Lyon' });
    const since = '2025-07-28T09:00:00+02:00';
    const shortage = (type: string) => [{ fuel: 'Gazole' as const, fuelId: 1, type, since, until: null }];
    const withShortages = indexSnapshot(
      snapshotOf('run-2', [
        ...STATIONS,
        // Out of Gazole for now, its price gone from the feed: a Gazole station all the same.
        makeStation('69000011', { ...at(45.7579), prices: [], outOfStock: shortage('temporaire') }),
        // No longer sells Gazole at all.
        makeStation('69000012', { ...at(45.7577), prices: [], outOfStock: shortage('definitive') }),
      ]),
    );
    const list = (q: Partial<NearbyQuery>) =>
      findNearby(withShortages, { ...base, fuel: 'Gazole', ...q }, NOW, clock).map((h) => h.station.id);
    for (const sort of ['price', 'distance'] as const) {
      // 69000001 sells only SP98: not a Gazole station, whatever the filters.
      expect(list({ sort, inStock: false })).not.toContain('69000001');
      expect(list({ sort, inStock: true })).not.toContain('69000001');
      expect(list({ sort, inStock: false })).not.toContain('69000012');
      // The shortages are added when the stock filter is off, and only then.
      expect(list({ sort, inStock: false })).toEqual(expect.arrayContaining(['69000003', '69000011']));
      expect(list({ sort, inStock: true })).not.toContain('69000011');
      expect(list({ sort, inStock: true })).not.toContain('69000003');
    }
    // Without a usable price, it sorts with the outlier, last, by distance.
    expect(list({ sort: 'price', inStock: false }).slice(-2)).toEqual(['69000011', '69000005']);
    // Without a fuel every station stays (each row then shows no single price).
    expect(ids({})).toContain('69000001');
  });

  test('filters: road, in stock, open now (unknown hours excluded)', () => {
    expect(ids({ road: 'A' })).toEqual(['69000006']);
    expect(ids({ fuel: 'Gazole', inStock: true })).not.toContain('69000003');
    // Monday 15:30: 69000005 closes at 12:00, 69000003 has no hours; 69000004 is an automat.
    const open = ids({ openNow: true });
    expect(open).not.toContain('69000005');
    expect(open).not.toContain('69000003');
    expect(open).toContain('69000004');
    expect(open).toHaveLength(6);
  });

  test('presented: distance, the requested price with its age, flags', () => {
    const [hit] = findNearby(snap, { ...base, fuel: 'Gazole', sort: 'price' }, NOW, clock).filter(
      (h) => h.station.id === '69000004',
    );
    const out = toNearbyStation(hit as NonNullable<typeof hit>, NOW, clock);
    expect(out).toMatchObject({
      id: '69000004',
      openNow: true,
      automat24: true,
      price: { fuel: 'Gazole', price: 1.729, ageHours: 198.5, stale: true, outlier: false },
      flags: { stalePrice: true, suspiciousCoordinates: false },
    });
    expect(out.distanceKm).toBeCloseTo(2.561, 3);
    const far = findNearby(snap, base, NOW, clock).find((h) => h.station.id === '69000008');
    expect(toNearbyStation(far as NonNullable<typeof far>, NOW, clock).flags).toMatchObject({
      stalePrice: false,
      suspiciousCoordinates: true,
      feed: ['coords-far-from-postcode'],
    });
  });
});
