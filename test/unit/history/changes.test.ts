import { describe, expect, test } from 'vitest';
import { mergePoints } from '#shared/history/changes.ts';
import { DOWNSAMPLING, downsample, resolutionFor } from '#shared/history/downsample.ts';
import type { ArchivePoint } from '#shared/history/types.ts';

describe('mergePoints', () => {
  test('union oldest first; a change in both once, with the archive flag', () => {
    const live = [
      { at: '2025-03-02T10:00:00+01:00', price: 1.8 },
      { at: '2025-03-01T08:00:00+01:00', price: 1.79 },
    ];
    const archive: ArchivePoint[] = [
      { at: '2025-02-28T09:00:00+01:00', price: 1.78 },
      // The same instant written in UTC, same price: one change, flagged as the archive says.
      { at: '2025-03-01T07:00:00.000Z', price: 1.79, flag: 'reverted' },
    ];
    expect(mergePoints(live, archive)).toEqual([
      { at: '2025-02-28T09:00:00+01:00', price: 1.78 },
      { at: '2025-03-01T07:00:00.000Z', price: 1.79, flag: 'reverted' },
      { at: '2025-03-02T10:00:00+01:00', price: 1.8 },
    ]);
  });

  test('same instant, another price: two changes', () => {
    const at = '2025-03-01T08:00:00+01:00';
    expect(mergePoints([{ at, price: 1.79 }], [{ at, price: 1.8 }])).toHaveLength(2);
  });
});

describe('downsample', () => {
  test('the rule by range length, boundaries included', () => {
    expect(resolutionFor(30)).toBe('change');
    expect(resolutionFor(DOWNSAMPLING.everyChangeUpToDays)).toBe('change');
    expect(resolutionFor(DOWNSAMPLING.everyChangeUpToDays + 1)).toBe('day');
    expect(resolutionFor(1827)).toBe('day'); // five years
    expect(resolutionFor(DOWNSAMPLING.dailyUpToDays)).toBe('day');
    expect(resolutionFor(DOWNSAMPLING.dailyUpToDays + 1)).toBe('week');
  });

  const points: ArchivePoint[] = [
    { at: '2025-10-25T23:30:00+02:00', price: 1.7 }, // Saturday
    // 26 October: clocks go back at 03:00 +02:00; both sides are the same Paris day.
    { at: '2025-10-26T02:30:00+02:00', price: 1.75 },
    { at: '2025-10-26T02:30:00+01:00', price: 9.99, flag: 'outlier' },
    { at: '2025-10-26T23:59:00+01:00', price: 1.72 },
    // 23:30 UTC on Sunday is Monday in Paris: the next day and the next ISO week.
    { at: '2025-10-26T23:30:00.000Z', price: 1.71 },
    { at: '2025-10-28T09:00:00+01:00', price: 1.69, flag: 'reverted' },
  ];

  test('change: every point, flags kept, counted', () => {
    expect(downsample(points, 'change')).toEqual({ resolution: 'change', changes: 6, flagged: 2, points });
  });

  test('day: the Paris day’s last price, min, max, changes; flags never set them', () => {
    expect(downsample(points, 'day')).toEqual({
      resolution: 'day',
      changes: 6,
      flagged: 2,
      points: [
        { at: '2025-10-25T23:30:00+02:00', price: 1.7, min: 1.7, max: 1.7, changes: 1 },
        { at: '2025-10-26T23:59:00+01:00', price: 1.72, min: 1.72, max: 1.75, changes: 3 },
        { at: '2025-10-26T23:30:00.000Z', price: 1.71, min: 1.71, max: 1.71, changes: 1 },
        // 28 October held only a flagged change: no point, still counted above.
      ],
    });
  });

  test('week: one point per ISO week (Monday to Sunday, Paris time)', () => {
    const { points: weeks } = downsample(points, 'week');
    expect(weeks).toEqual([
      { at: '2025-10-26T23:59:00+01:00', price: 1.72, min: 1.7, max: 1.75, changes: 4 },
      { at: '2025-10-26T23:30:00.000Z', price: 1.71, min: 1.71, max: 1.71, changes: 2 },
    ]);
  });
});
