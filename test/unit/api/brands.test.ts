import { describe, expect, test } from 'vitest';
import { nearbyQueryHash, queryHash } from '#shared/api/cursor.ts';
import { stationsQuery, statsQuery } from '#shared/api/schemas.ts';
import { brandCounts, groupByBrand } from '#shared/domain/brands.ts';
import { parisClock } from '#shared/domain/time.ts';
import { indexSnapshot } from '#shared/snapshot/indexed.ts';
import { findNearby, type NearbyQuery } from '#shared/snapshot/nearby.ts';
import { buildParts } from '#shared/snapshot/parts.ts';
import { loadBrandsView, loadStatsView } from '#shared/snapshot/views.ts';
import { CENTRE, NOW, STATIONS, snapshotOf, version } from '../../helpers/snapshot.ts';

/** The Lyon fixtures, branded as OSM tags them (one spelling variant, one without a brand). */
const BRANDS: Record<string, string | null> = {
  '69000001': 'TotalEnergies',
  '69000002': 'TotalEnergies',
  '69000003': 'Intermarché',
  '69000004': 'E.Leclerc',
  '69000005': 'Intermarche', // folds like "Intermarché": the same brand
  '69000006': 'Avia',
  '69000007': 'TotalEnergies',
  '69000008': null,
  '38000001': 'Intermarché',
  '75000001': 'Esso',
};
const BRANDED = STATIONS.map((s) => ({ ...s, brand: BRANDS[s.id] ?? null }));

const snap = indexSnapshot(snapshotOf('run-1', BRANDED));
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
const ids = (brands?: string[]) =>
  findNearby(snap, { ...base, ...(brands ? { brands } : {}) }, NOW, clock)
    .map((h) => h.station.id)
    .sort();

describe('the brand filter of GET /api/stations', () => {
  test('several brands at once, compared folded; unknown brands match nothing; none means any', () => {
    expect(ids(['TotalEnergies'])).toEqual(['69000001', '69000002', '69000007']);
    expect(ids(['totalenergies', 'E.LECLERC'])).toEqual(['69000001', '69000002', '69000004', '69000007']);
    expect(ids(['Intermarché'])).toEqual(['69000003', '69000005']);
    expect(ids(['intermarche'])).toEqual(['69000003', '69000005']);
    expect(ids(['Nowhere Fuel'])).toEqual([]);
    expect(ids([])).toHaveLength(8);
    expect(ids()).toHaveLength(8);
  });

  const parse = (query: Record<string, string | string[]>) =>
    stationsQuery.safeParse({ lat: '45.75', lon: '4.83', ...query });

  test('comma-separated or repeated, trimmed, deduplicated by folded form', () => {
    expect(parse({ brand: 'TotalEnergies, E.Leclerc' }).data?.brand).toEqual(['TotalEnergies', 'E.Leclerc']);
    expect(parse({ brand: ['TotalEnergies', 'E.Leclerc,Avia'] }).data?.brand).toEqual([
      'TotalEnergies',
      'E.Leclerc',
      'Avia',
    ]);
    expect(parse({ brand: 'Intermarché,intermarche' }).data?.brand).toEqual(['Intermarché']);
    expect(parse({}).data?.brand).toBeUndefined();
  });

  test('malformed or more than 20 brands: an error on `brand`', () => {
    for (const brand of ['', ',', 'Total,,Esso', '---', 'x'.repeat(61), ['Total', '']]) {
      const res = parse({ brand });
      expect(res.success, JSON.stringify(brand)).toBe(false);
      expect(res.error?.issues[0]?.path).toEqual(['brand']);
    }
    const twenty = Array.from({ length: 20 }, (_, i) => `Brand ${i}`);
    expect(parse({ brand: twenty.join(',') }).success).toBe(true);
    const res = parse({ brand: [...twenty, 'Brand 20'].join(',') });
    expect(res.error?.issues[0]).toMatchObject({ path: ['brand'], message: 'At most 20 brands' });
  });

  test('the cursor binds the brand filter as a set; without one, the hash cursors had before', () => {
    const q = { lat: 45.75, lon: 4.83, radiusKm: 5, fuel: null, sort: 'distance', road: null };
    expect(nearbyQueryHash({ ...q, brands: ['Avia', 'E.Leclerc'] })).toBe(
      nearbyQueryHash({ ...q, brands: ['e.leclerc', 'AVIA'] }),
    );
    expect(nearbyQueryHash({ ...q, brands: ['Avia'] })).not.toBe(nearbyQueryHash({ ...q, brands: [] }));
    expect(nearbyQueryHash({ ...q, brands: ['Avia'] })).not.toBe(
      nearbyQueryHash({ ...q, brands: ['Avia', 'Esso'] }),
    );
    expect(nearbyQueryHash({ ...q, brands: [] })).toBe(queryHash(q));
  });
});

describe('brands of a snapshot', () => {
  test('grouped by folded brand in the most frequent spelling; most stations first, then by name', () => {
    const groups = groupByBrand(BRANDED);
    expect(groups.get('intermarche')?.brand).toBe('Intermarché');
    expect(brandCounts(groups)).toEqual([
      { brand: 'Intermarché', stations: 3 },
      { brand: 'TotalEnergies', stations: 3 },
      { brand: 'Avia', stations: 1 },
      { brand: 'E.Leclerc', stations: 1 },
      { brand: 'Esso', stations: 1 },
    ]);
  });

  test('published as parts: the brand list, and the current figures over each brand', async () => {
    const { layout, parts } = buildParts(version('run-1'), BRANDED);
    const objects = new Map(parts.map((p) => [p.key, p.body]));
    const run = {
      version: version('run-1'),
      layout,
      read: async (key: string) => {
        const body = objects.get(key);
        if (!body) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
        return body;
      },
    };
    const brands = await loadBrandsView(run);
    expect(brands.brands[0]).toEqual({ brand: 'Intermarché', stations: 3 });
    const stats = await loadStatsView(run);
    // The Intermarché Gazole prices: 1.649 (69000003), 0.001 (an outlier, 69000005), 1.6 (38000001).
    const fr = stats.byBrand.intermarche?.find((s) => s.dept === 'FR' && s.fuel === 'Gazole');
    expect(fr).toMatchObject({ count: 2, min: 1.6, median: 1.625 });
    expect(stats.byBrand.intermarche?.filter((s) => s.fuel === 'Gazole').map((s) => s.dept)).toEqual([
      'FR',
      '38',
      '69',
    ]);
    expect(stats.byBrand.avia?.every((s) => s.dept === 'FR' || s.dept === '69')).toBe(true);
    // A run published before the brands part: no brand, no error.
    objects.delete(`snapshot/run-1/brands.json.gz`);
    expect((await loadBrandsView(run)).brands).toEqual([]);
  });

  test('stats: `brand` is one name with a letter or digit', () => {
    expect(statsQuery.safeParse({ brand: ' Intermarché ' }).data?.brand).toBe('Intermarché');
    expect(statsQuery.safeParse({ brand: '--' }).error?.issues[0]?.path).toEqual(['brand']);
    expect(statsQuery.safeParse({ brand: 'x'.repeat(61) }).error?.issues[0]?.path).toEqual(['brand']);
  });
});
