import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { breakEvenKm, detourSaving, extraRoundTripKm, ROAD_FACTOR } from '#shared/domain/detour.ts';

// The worked examples of docs/ACCOUNTS.md, figure by figure.
describe('is the detour worth it? net = gap × litres − extraKm × consumption/100 × price', () => {
  test('example 1: 10 cents cheaper, 40 L, 10 km extra → +2.90 €, worth it', () => {
    const d = detourSaving({ priceGap: 0.1, litres: 40, extraKm: 10, consumptionL100: 6.5, price: 1.7 });
    expect(d.gain).toBeCloseTo(4.0, 10); // 0.10 × 40
    expect(d.cost).toBeCloseTo(1.105, 10); // 10 × 0.065 × 1.70
    expect(d.net).toBeCloseTo(2.895, 10);
    expect(d.worthIt).toBe(true);
    // It stops paying after 4.00 / (0.065 × 1.70) ≈ 36.2 km of extra driving.
    expect(breakEvenKm({ priceGap: 0.1, litres: 40, consumptionL100: 6.5, price: 1.7 })).toBeCloseTo(36.2, 1);
  });

  test('example 2: 3 cents cheaper, 40 L, 15 km extra at 1.80 € → −0.56 €, not worth it', () => {
    const d = detourSaving({ priceGap: 0.03, litres: 40, extraKm: 15, consumptionL100: 6.5, price: 1.8 });
    expect(d.gain).toBeCloseTo(1.2, 10);
    expect(d.cost).toBeCloseTo(1.755, 10);
    expect(d.net).toBeCloseTo(-0.555, 10);
    expect(d.worthIt).toBe(false);
  });

  test('example 3: a thirsty van (12 L/100 km), 70 L, 8 cents cheaper, 20 km extra → +1.64 €', () => {
    const d = detourSaving({ priceGap: 0.08, litres: 70, extraKm: 20, consumptionL100: 12, price: 1.65 });
    expect(d.gain).toBeCloseTo(5.6, 10);
    expect(d.cost).toBeCloseTo(3.96, 10);
    expect(d.net).toBeCloseTo(1.64, 10);
  });

  test('no gap, no gain; an exact break-even is not "worth it"', () => {
    expect(
      detourSaving({ priceGap: 0, litres: 50, extraKm: 0, consumptionL100: 6, price: 1.8 }),
    ).toMatchObject({ net: 0, worthIt: false });
  });

  test('extra round-trip km: twice the one-way difference, times the road factor, never negative', () => {
    expect(ROAD_FACTOR).toBe(1.3);
    expect(extraRoundTripKm(5, 2)).toBeCloseTo(2 * 3 * 1.3, 10); // 7.8 km
    expect(extraRoundTripKm(5, 2, 1)).toBe(6);
    expect(extraRoundTripKm(2, 5)).toBe(0); // the cheaper station is closer: no detour
  });

  test('more extra km never makes a detour better (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 5, max: 150, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (gap, litres, a, b) => {
          const base = { priceGap: gap, litres, consumptionL100: 6.5, price: 1.8 };
          const [near, far] = a < b ? [a, b] : [b, a];
          return (
            detourSaving({ ...base, extraKm: far }).net <= detourSaving({ ...base, extraKm: near }).net + 1e-9
          );
        },
      ),
    );
  });
});
