import { describe, expect, it } from 'vitest';
import type { Price } from '#shared/domain/station.ts';
import { stationYear } from '#shared/history/series.ts';
import { TrendAccumulator } from '#shared/history/trends.ts';
import type { StationYear, TrendYear } from '#shared/history/types.ts';
import { makeStation, price } from '../../helpers/station.ts';

/** Index of a Paris date in the year's arrays (0 = 1 January). */
const dayIndex = (day: string) =>
  (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${day.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000;

function accumulate(year: number, stations: { id: string; dept: string; prices: Price[] }[]): TrendYear[] {
  const acc = new TrendAccumulator();
  for (const s of stations) {
    const station = makeStation(s.id, { dept: s.dept, cp: `${s.dept}000`, prices: s.prices });
    acc.add(station, stationYear(station, year) as StationYear);
  }
  return acc.finish(year);
}

const trendOf = (trends: TrendYear[], dept: string) => trends.find((t) => t.dept === dept)?.series;
const on = (trends: TrendYear[], dept: string, fuel: 'Gazole' | 'E10', day: string) => {
  const s = trendOf(trends, dept)?.[fuel];
  return { median: s?.median[dayIndex(day)], count: s?.count[dayIndex(day)] };
};

describe('TrendAccumulator', () => {
  // Four stations, two départements; hand-computed medians in millièmes.
  const trends = accumulate(2023, [
    {
      id: '75000001',
      dept: '75',
      prices: [price('Gazole', 1.7, '2023-01-02T10:00:00+01:00')],
    },
    {
      id: '75000002',
      dept: '75',
      prices: [
        price('Gazole', 1.75, '2023-01-02T10:00:00+01:00'),
        price('Gazole', 1.751, '2023-01-03T09:00:00+01:00'),
      ],
    },
    {
      id: '75000003',
      dept: '75',
      prices: [
        price('Gazole', 1.82, '2023-01-02T10:00:00+01:00'),
        price('E10', 1.9, '2023-01-02T10:00:00+01:00'),
      ],
    },
    {
      id: '69000001',
      dept: '69',
      prices: [
        price('Gazole', 1.79, '2023-01-02T10:00:00+01:00'),
        // Keeps the file going to 10 January: days after the newest change get no figure.
        price('Gazole', 1.79, '2023-01-10T08:00:00+01:00'),
      ],
    },
  ]);

  it('gives the exact median per département, and nationally as FR, with the counts', () => {
    expect(trends.map((t) => t.dept)).toEqual(['69', '75', 'FR']);
    expect(on(trends, '75', 'Gazole', '2023-01-02')).toEqual({ median: 1750, count: 3 });
    expect(on(trends, '69', 'Gazole', '2023-01-02')).toEqual({ median: 1790, count: 1 });
    // 1700 1750 1790 1820: the mean of the two middle ones.
    expect(on(trends, 'FR', 'Gazole', '2023-01-02')).toEqual({ median: 1770, count: 4 });
    // Next day station 2 is at 1751: 1700 1751 1790 1820 → 1770.5, kept exact (half a millième).
    expect(on(trends, '75', 'Gazole', '2023-01-03')).toEqual({ median: 1751, count: 3 });
    expect(on(trends, 'FR', 'Gazole', '2023-01-03')).toEqual({ median: 1770.5, count: 4 });
    expect(on(trends, 'FR', 'E10', '2023-01-02')).toEqual({ median: 1900, count: 1 });
  });

  it('has no figure before the first price nor after the newest change of the file', () => {
    expect(on(trends, 'FR', 'Gazole', '2023-01-01')).toEqual({ median: null, count: 0 });
    expect(on(trends, 'FR', 'Gazole', '2023-01-10').count).toBeGreaterThan(0);
    expect(on(trends, 'FR', 'Gazole', '2023-01-11')).toEqual({ median: null, count: 0 });
    const fr = trendOf(trends, 'FR')?.Gazole;
    expect(fr?.median).toHaveLength(365);
    expect(fr?.count).toHaveLength(365);
  });

  it('leaves out prices more than FRESHNESS.comparableDays old at the end of the day', () => {
    // The prices of 2 January 10:00 are 6 d 14 h old at the end of 8 January, 7 d 14 h at the end of the 9th;
    // station 2's 1.751 of 3 January 09:00 still counts on the 9th.
    expect(on(trends, '75', 'Gazole', '2023-01-08')).toEqual({ median: 1751, count: 3 });
    expect(on(trends, '75', 'Gazole', '2023-01-09')).toEqual({ median: 1751, count: 1 });
    expect(on(trends, '75', 'Gazole', '2023-01-10')).toEqual({ median: null, count: 0 });
    // 69's station changed again on the 10th (same price): it alone counts.
    expect(on(trends, 'FR', 'Gazole', '2023-01-10')).toEqual({ median: 1790, count: 1 });
  });

  it('counts a price exactly comparableDays old, and uses the price carried from the year before', () => {
    const t = accumulate(2023, [
      {
        id: '75000001',
        dept: '75',
        prices: [
          price('Gazole', 1.8, '2022-12-29T00:00:00+01:00'),
          price('Gazole', 1.6, '2022-12-20T12:00:00+01:00'),
          price('Gazole', 1.85, '2023-01-05T00:00:00+01:00'),
          price('Gazole', 1.85, '2023-02-01T00:00:00+01:00'),
        ],
      },
    ]);
    // The carried 1.800 of 29 December 00:00 is exactly 7 days old at 24:00 on 4 January… and replaced at 24:00.
    expect(on(t, '75', 'Gazole', '2023-01-01')).toEqual({ median: 1800, count: 1 });
    expect(on(t, '75', 'Gazole', '2023-01-04')).toEqual({ median: 1850, count: 1 });
    const u = accumulate(2023, [
      {
        id: '75000001',
        dept: '75',
        prices: [
          price('Gazole', 1.8, '2022-12-29T00:00:00+01:00'),
          price('Gazole', 1.85, '2023-02-01T00:00:00+01:00'),
        ],
      },
    ]);
    expect(on(u, '75', 'Gazole', '2023-01-04')).toEqual({ median: 1800, count: 1 });
    expect(on(u, '75', 'Gazole', '2023-01-05')).toEqual({ median: null, count: 0 });
  });

  it('ends each day at midnight Paris time on the DST changeover days', () => {
    const t = accumulate(2023, [
      {
        id: '75000001',
        dept: '75',
        prices: [
          price('Gazole', 1.8, '2023-03-26T10:00:00+02:00'),
          // 22:30 UTC on 26 March but 00:30 on the 27th in Paris (summer time): not the 26th's price.
          price('Gazole', 1.9, '2023-03-27T00:30:00+02:00'),
          price('Gazole', 1.7, '2023-10-29T10:00:00+01:00'),
          // 22:30 UTC, still 29 October in Paris (winter time since 03:00): the 29th's price.
          price('Gazole', 1.75, '2023-10-29T23:30:00+01:00'),
          price('Gazole', 1.75, '2023-12-31T12:00:00+01:00'),
        ],
      },
    ]);
    expect(on(t, '75', 'Gazole', '2023-03-26')).toEqual({ median: 1800, count: 1 });
    expect(on(t, '75', 'Gazole', '2023-03-27')).toEqual({ median: 1900, count: 1 });
    // 1.900 of 27 March is long stale by 28 October.
    expect(on(t, '75', 'Gazole', '2023-10-28')).toEqual({ median: null, count: 0 });
    expect(on(t, '75', 'Gazole', '2023-10-29')).toEqual({ median: 1750, count: 1 });
    expect(on(t, '75', 'Gazole', '2023-12-31')).toEqual({ median: 1750, count: 1 });
  });

  it('leaves out flagged points: the end-of-day price is the last unflagged change', () => {
    const t = accumulate(2023, [
      {
        id: '75000001',
        dept: '75',
        prices: [
          price('Gazole', 1.8, '2023-05-01T08:00:00+02:00'),
          // A typo undone 5 minutes later: 1.080 is flagged `reverted`.
          price('Gazole', 1.08, '2023-05-02T18:00:00+02:00'),
          price('Gazole', 1.8, '2023-05-02T18:05:00+02:00'),
          // Out of the plausible range: flagged `outlier`, the day keeps 1.800.
          price('Gazole', 17.9, '2023-05-03T09:00:00+02:00'),
          price('Gazole', 1.81, '2023-05-04T09:00:00+02:00'),
        ],
      },
      { id: '75000002', dept: '75', prices: [price('Gazole', 1.7, '2023-05-02T20:00:00+02:00')] },
    ]);
    expect(on(t, '75', 'Gazole', '2023-05-02')).toEqual({ median: 1750, count: 2 });
    expect(on(t, '75', 'Gazole', '2023-05-03')).toEqual({ median: 1750, count: 2 });
    expect(on(t, '75', 'Gazole', '2023-05-04')).toEqual({ median: 1755, count: 2 });
    // Reverted points in the last minutes of a day: the day's price is the one they were undone back to.
    const lateTypo = accumulate(2023, [
      {
        id: '75000001',
        dept: '75',
        prices: [
          price('Gazole', 1.8, '2023-05-01T08:00:00+02:00'),
          price('Gazole', 1.9, '2023-05-01T23:55:00+02:00'),
          price('Gazole', 1.8, '2023-05-02T00:05:00+02:00'),
        ],
      },
    ]);
    expect(on(lateTypo, '75', 'Gazole', '2023-05-01')).toEqual({ median: 1800, count: 1 });
  });

  it('has 366 days in a leap year, and nothing for no station', () => {
    const t = accumulate(2024, [
      { id: '75000001', dept: '75', prices: [price('Gazole', 1.8, '2024-12-31T10:00:00+01:00')] },
    ]);
    expect(trendOf(t, 'FR')?.Gazole?.median).toHaveLength(366);
    expect(on(t, 'FR', 'Gazole', '2024-12-31')).toEqual({ median: 1800, count: 1 });
    expect(new TrendAccumulator().finish(2024)).toEqual([]);
  });

  it('refuses a station of another year', () => {
    const acc = new TrendAccumulator();
    const a = makeStation('75000001', { prices: [price('Gazole', 1.8, '2023-05-01T08:00:00+02:00')] });
    acc.add(a, stationYear(a, 2023) as StationYear);
    expect(() => acc.add(a, stationYear(a, 2024) as StationYear)).toThrow(/2024 in a run of 2023/);
  });
});
