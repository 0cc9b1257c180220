import { describe, expect, test } from 'vitest';
import {
  joinDaily,
  LIVE_MAX_DAYS,
  liveDays,
  resolutionFor,
  trendSeries,
  WEEKLY_BEYOND_DAYS,
  weekly,
} from '#shared/history/trend-series.ts';

const fig = (day: string, median: number, count = 10) => ({ day, median, count });

describe('joinDaily', () => {
  test('one point per day, oldest first; the archive wins a day both have; marks each source', () => {
    const points = joinDaily(
      [fig('2023-11-21', 1.8), fig('2023-11-22', 1.81, 9000)],
      [fig('2023-11-23', 1.79), fig('2023-11-22', 1.9, 8000), fig('2023-11-24', Number.NaN)],
    );
    expect(points).toEqual([
      { day: '2023-11-21', median: 1.8, count: 10, source: 'archive' },
      { day: '2023-11-22', median: 1.81, count: 9000, source: 'archive' },
      { day: '2023-11-23', median: 1.79, count: 10, source: 'live' },
    ]);
  });
});

describe('weekly', () => {
  test('ISO weeks, median of the daily medians, labelled by the first day in range, live if any day is', () => {
    // 2023-11-15 is a Wednesday; 2023-11-20 a Monday.
    const daily = joinDaily(
      [fig('2023-11-15', 1.7), fig('2023-11-16', 1.8), fig('2023-11-19', 1.9), fig('2023-11-20', 2)],
      [fig('2023-11-21', 2.2, 20)],
    );
    expect(weekly(daily, '2023-11-15')).toEqual([
      { day: '2023-11-15', median: 1.8, count: 10, source: 'archive' },
      { day: '2023-11-20', median: 2.1, count: 15, source: 'live' },
    ]);
  });
});

describe('resolution and live days', () => {
  test('weekly only beyond the threshold', () => {
    expect(WEEKLY_BEYOND_DAYS).toBe(731);
    expect(resolutionFor('2022-01-01', '2023-12-31')).toBe('day'); // 730 days
    expect(resolutionFor('2022-01-01', '2024-01-01')).toBe('day'); // 731
    expect(resolutionFor('2022-01-01', '2024-01-02')).toBe('week');
  });

  test('live rows only for days no committed year covers, at most LIVE_MAX_DAYS', () => {
    const covered = [{ firstDay: '2023-01-01', lastDay: '2023-11-22' }];
    expect(liveDays('2023-11-20', '2023-11-24', covered)).toEqual(['2023-11-23', '2023-11-24']);
    expect(liveDays('2023-11-20', '2023-11-21', [{ firstDay: null, lastDay: null }])).toEqual([
      '2023-11-20',
      '2023-11-21',
    ]);
    const long = liveDays('2007-01-01', '2026-12-02', []);
    expect(long).toHaveLength(LIVE_MAX_DAYS);
    expect(long.at(-1)).toBe('2026-12-02');
  });
});

describe('trendSeries', () => {
  test('per fuel, clipped to the range, weekly beyond the threshold', () => {
    const archive = new Map([
      ['Gazole', [fig('2021-12-31', 1), fig('2022-01-03', 1.5), fig('2022-01-04', 1.6)]],
    ] as const);
    const live = [
      { ...fig('2024-06-03', 1.9), fuel: 'Gazole' as const },
      { ...fig('2024-06-03', 1.95), fuel: 'E10' as const },
    ];
    const day = trendSeries({
      from: '2022-01-01',
      to: '2022-01-31',
      fuels: ['Gazole', 'E10'],
      archive,
      live,
    });
    expect(day.resolution).toBe('day');
    expect(day.series).toEqual([
      {
        fuel: 'Gazole',
        points: [
          { day: '2022-01-03', median: 1.5, count: 10, source: 'archive' },
          { day: '2022-01-04', median: 1.6, count: 10, source: 'archive' },
        ],
      },
      { fuel: 'E10', points: [] },
    ]);
    const week = trendSeries({ from: '2022-01-01', to: '2024-12-31', fuels: ['Gazole'], archive, live });
    expect(week.resolution).toBe('week');
    expect(week.series[0]?.points).toEqual([
      { day: '2022-01-03', median: 1.55, count: 10, source: 'archive' },
      { day: '2024-06-03', median: 1.9, count: 10, source: 'live' },
    ]);
  });
});
