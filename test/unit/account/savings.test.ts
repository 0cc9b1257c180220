import { describe, expect, test } from 'vitest';
import { chooseBaseline, estimateSavings } from '#shared/domain/savings.ts';
import { median } from '#shared/domain/stats.ts';

// The worked examples of docs/ACCOUNTS.md.
describe('savings estimate: (baseline − cheapest) × litres', () => {
  test('example A: département median 1.799, cheapest favourite 1.729, 50 L tank, 12,000 km at 6.5 L/100', () => {
    const s = estimateSavings({
      cheapestPrice: 1.729,
      baselinePrice: 1.799,
      tankLitres: 50,
      consumptionL100: 6.5,
      yearlyKm: 12_000,
    });
    expect(s).toEqual({
      perLitre: 0.07, // not 0.07000000000000006: the gap is rounded to the tenth of a cent first
      perFill: 3.5, // 0.07 × 50
      yearlyLitres: 780, // 12,000 × 6.5 / 100
      perYear: 54.6, // 0.07 × 780
    });
  });

  test('example B: the cheapest favourite is above the median → a negative saving, shown as it is', () => {
    const s = estimateSavings({
      cheapestPrice: 1.859,
      baselinePrice: 1.819,
      tankLitres: 40,
      consumptionL100: 5,
      yearlyKm: 8_000,
    });
    expect(s).toEqual({ perLitre: -0.04, perFill: -1.6, yearlyLitres: 400, perYear: -16 });
  });

  test('example C: equal prices → exactly zero (not −0)', () => {
    const s = estimateSavings({
      cheapestPrice: 1.8,
      baselinePrice: 1.8,
      tankLitres: 50,
      consumptionL100: 6.5,
      yearlyKm: 0,
    });
    expect(s).toEqual({ perLitre: 0, perFill: 0, yearlyLitres: 0, perYear: 0 });
    expect(Object.is(s.perFill, -0)).toBe(false);
  });
});

describe('baseline choice', () => {
  test('the département median of the day when there is one', () => {
    expect(chooseBaseline({ dept: '75', day: '2026-11-23', median: 1.799, count: 120 }, [1.7, 1.75])).toEqual(
      {
        kind: 'dept-median',
        price: 1.799,
        dept: '75',
        day: '2026-11-23',
        count: 120,
      },
    );
  });

  test("else the favourites' median (mean of the two middle ones for an even count)", () => {
    expect(chooseBaseline(null, [1.9, 1.7, 1.8])).toMatchObject({
      kind: 'favourites-median',
      price: 1.8,
      count: 3,
    });
    expect(chooseBaseline(null, [1.7, 1.8])).toMatchObject({
      kind: 'favourites-median',
      price: 1.75,
      count: 2,
    });
    expect(chooseBaseline({ dept: '75', day: 'x', median: Number.NaN, count: 0 }, [1.7])).toMatchObject({
      kind: 'favourites-median',
    });
  });

  test('no département median and no usable price → no baseline', () => {
    expect(chooseBaseline(null, [])).toBeNull();
    expect(median([])).toBeNaN();
  });
});
