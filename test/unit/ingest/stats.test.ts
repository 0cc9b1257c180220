import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computeStats, median, type PriceSample } from '#shared/domain/stats.ts';
import { parisDay } from '#shared/domain/time.ts';

const ref = Date.parse('2025-07-28T15:00:00+02:00');
const day = 86_400_000;
const sample = (dept: string, fuel: string, price: number, ageDays = 0, outlier?: boolean): PriceSample => ({
  dept,
  fuel,
  price,
  at: ref - ageDays * day,
  outlier,
});

describe('median', () => {
  test('odd, even, unsorted, empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1.739])).toBe(1.739);
    expect(median([])).toBeNaN();
  });

  test('lies between min and max, and does not depend on order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1 }), (values) => {
        const m = median(values);
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
        expect(median([...values].reverse())).toBe(m);
      }),
    );
  });
});

describe('computeStats', () => {
  test('per département and fuel, plus a national row', () => {
    const rows = computeStats(
      [
        sample('75', 'Gazole', 1.7),
        sample('75', 'Gazole', 1.8),
        sample('75', 'Gazole', 1.9),
        sample('13', 'Gazole', 1.6),
      ],
      ref,
    );
    expect(rows).toEqual([
      { dept: '13', fuel: 'Gazole', count: 1, min: 1.6, max: 1.6, median: 1.6, mean: 1.6 },
      { dept: '75', fuel: 'Gazole', count: 3, min: 1.7, max: 1.9, median: 1.8, mean: 1.8 },
      { dept: 'FR', fuel: 'Gazole', count: 4, min: 1.6, max: 1.9, median: 1.75, mean: 1.75 },
    ]);
  });

  test('outliers (flagged or implausible) and prices older than 7 days are left out', () => {
    const rows = computeStats(
      [
        sample('75', 'SP98', 1.9),
        sample('75', 'SP98', 0.001, 0, true),
        sample('75', 'SP98', 7.9, 0, true),
        sample('75', 'SP98', 9.99), // not flagged, still implausible
        sample('75', 'SP98', 1.5, 8), // stale
        sample('75', 'E85', 0.9, 30), // stale: no row at all for E85
      ],
      ref,
    );
    expect(rows.map((r) => `${r.dept}/${r.fuel}/${r.count}/${r.median}`)).toEqual([
      '75/SP98/1/1.9',
      'FR/SP98/1/1.9',
    ]);
  });

  test('mean and median are rounded to 3 decimals', () => {
    const [row] = computeStats(
      [sample('01', 'E10', 1.701), sample('01', 'E10', 1.702), sample('01', 'E10', 1.702)],
      ref,
    );
    expect(row?.mean).toBe(1.702);
    expect(row?.median).toBe(1.702);
  });
});

test('parisDay is the calendar date in Paris, not UTC', () => {
  expect(parisDay(Date.parse('2025-07-28T22:30:00Z'))).toBe('2025-07-29');
  expect(parisDay(Date.parse('2025-01-15T22:30:00Z'))).toBe('2025-01-15');
  expect(parisDay(new Date('2025-01-15T23:30:00Z'))).toBe('2025-01-16');
});
