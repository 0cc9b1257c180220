import { describe, expect, test } from 'vitest';
import { LEVEL_LABELS, priceScale } from '../../../web/src/lib/price-level.ts';

describe('priceScale', () => {
  test('splits the prices on screen into five equal bands, cheapest = 1', () => {
    const level = priceScale([1.7, 1.75, 1.8, 1.85, 1.9]);
    expect([1.7, 1.75, 1.8, 1.85, 1.9].map(level)).toEqual([1, 2, 3, 4, 5]);
    expect(level(1.739)).toBe(1);
    expect(level(1.741)).toBe(2);
  });

  test('prices outside the range are clamped to 1 and 5', () => {
    const level = priceScale([1.7, 1.8]);
    expect(level(1.5)).toBe(1);
    expect(level(2.5)).toBe(5);
  });

  test('one odd price does not squash the others (5th–95th percentile)', () => {
    // 21 prices from 1.70 to 1.90 plus a 9.99 outlier: the outlier is the 95th percentile's neighbour, not it.
    const prices = Array.from({ length: 21 }, (_, i) => 1.7 + i * 0.01);
    const level = priceScale([...prices, 9.99]);
    expect(level(1.7)).toBe(1);
    expect(level(1.8)).toBe(3);
    expect(level(1.9)).toBe(5);
    expect(level(9.99)).toBe(5);
  });

  test('under a cent of spread, every price is cheap', () => {
    const level = priceScale([1.8, 1.805, 1.809]);
    expect(level(1.8)).toBe(1);
    expect(level(1.809)).toBe(1);
  });

  test('ignores non-finite prices; with none, everything is middling', () => {
    expect(priceScale([])(1.8)).toBe(3);
    expect(priceScale([Number.NaN, Number.POSITIVE_INFINITY])(1.8)).toBe(3);
    const level = priceScale([Number.NaN, 1.7, 1.9]);
    expect(level(1.7)).toBe(1);
    expect(level(1.9)).toBe(5);
  });

  test('does not reorder the caller’s array', () => {
    const prices = [1.9, 1.7, 1.8];
    priceScale(prices);
    expect(prices).toEqual([1.9, 1.7, 1.8]);
  });

  test('every level has words', () => {
    expect(LEVEL_LABELS).toEqual({
      1: 'Prix bas',
      2: 'Assez bas',
      3: 'Moyen',
      4: 'Assez élevé',
      5: 'Prix élevé',
    });
  });
});
