import { describe, expect, test } from 'vitest';
import { computeBrandStats, type PriceSample } from '#shared/domain/stats.ts';

const ref = Date.parse('2025-07-28T15:00:00+02:00');
const sample = (brand: string | null, dept: string, price: number, fuel = 'Gazole'): PriceSample => ({
  dept,
  fuel,
  price,
  at: ref - 3_600_000,
  brand,
});
const many = (brand: string, dept: string, n: number, price: number) =>
  Array.from({ length: n }, (_, i) => sample(brand, dept, price + i / 1000));

describe('daily figures per brand', () => {
  const bounds = { minPrices: 10, maxBrands: 2, minDeptCount: 3 };

  test('brands with enough prices, the largest first; national rows always, département rows from 3 prices', () => {
    const samples = [
      ...many('Intermarché', '19', 8, 1.7),
      ...many('Intermarche', '69', 2, 1.8), // the same brand, spelt otherwise
      sample('Intermarché', '19', 1.9, 'E10'),
      ...many('TotalEnergies', '69', 9, 1.75),
      ...many('Avia', '69', 9, 1.6), // too small
      ...many('Esso', '75', 12, 1.65),
      ...many('Esso', '13', 1, 1.6),
      sample(null, '75', 1.5),
    ];
    const rows = computeBrandStats(samples, ref, bounds);
    expect([...new Set(rows.map((r) => r.brandKey))]).toEqual(['esso', 'intermarche']);
    expect(rows.filter((r) => r.brandKey === 'intermarche').map((r) => `${r.dept}#${r.fuel}`)).toEqual([
      '19#Gazole',
      'FR#E10', // one E10 price: the national row is kept, no département row
      'FR#Gazole',
    ]);
    expect(
      rows.find((r) => r.brandKey === 'intermarche' && r.dept === 'FR' && r.fuel === 'Gazole'),
    ).toMatchObject({
      brand: 'Intermarché',
      count: 10,
    });
    // Esso in 13 has a single price: no row there.
    expect(rows.filter((r) => r.brandKey === 'esso').map((r) => r.dept)).toEqual(['75', 'FR']);
  });

  test('the default bounds keep the row count bounded whatever the feed', () => {
    const samples: PriceSample[] = [];
    for (let b = 0; b < 40; b++)
      for (let d = 1; d <= 95; d++)
        for (const fuel of ['Gazole', 'SP95', 'E85', 'GPLc', 'E10', 'SP98'])
          for (let k = 0; k < 5; k++)
            samples.push(sample(`Brand ${b}`, String(d).padStart(2, '0'), 1.7 + k / 100, fuel));
    const rows = computeBrandStats(samples, ref);
    expect(new Set(rows.map((r) => r.brandKey)).size).toBe(25);
    expect(rows.length).toBeLessThanOrEqual(25 * 6 * 102);
  });
});
