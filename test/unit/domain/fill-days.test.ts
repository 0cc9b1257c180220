import { describe, expect, test } from 'vitest';
import { fillDays } from '#shared/domain/fill-days.ts';
import type { ArchivePoint } from '#shared/history/types.ts';

const DAY = 86_400_000;

/** Winter weeks (no clock change): Tuesdays at 1.70 from 00:00 to Wednesday 00:00, 1.80 otherwise. */
function cheapTuesdays(): { points: ArchivePoint[]; now: number } {
  const points: ArchivePoint[] = [{ at: '2023-10-01T08:00:00+02:00', price: 1.8 }];
  // Tuesday 31 October 2023 to Tuesday 16 January 2024: 12 Tuesdays, all in winter time (+01:00).
  for (
    let t = Date.parse('2023-10-31T00:00:00+01:00');
    t < Date.parse('2024-01-22T00:00:00+01:00');
    t += 7 * DAY
  ) {
    const tue = new Date(t + 3_600_000).toISOString().slice(0, 10);
    const wed = new Date(t + DAY + 3_600_000).toISOString().slice(0, 10);
    points.push({ at: `${tue}T00:00:00+01:00`, price: 1.7 }, { at: `${wed}T00:00:00+01:00`, price: 1.8 });
  }
  return { points, now: Date.parse('2024-01-22T00:00:00+01:00') };
}

describe('fillDays', () => {
  test('a cheap weekday stands out: means per weekday, spread, last variation', () => {
    const { points, now } = cheapTuesdays();
    const r = fillDays(points, now);
    expect(r.verdict).toBe('cheapest');
    expect(r.weekdays).toEqual([1.8, 1.7, 1.8, 1.8, 1.8, 1.8, 1.8]);
    expect(r.cheapest).toEqual({ day: 2, price: 1.7 });
    expect(r.dearest).toEqual({ day: 1, price: 1.8 });
    expect(r.spreadCents).toBe(10);
    expect(r.coveredDays).toBe(84);
    expect(r.variations).toBe(24);
    expect(r.last).toEqual({ at: '2024-01-17T00:00:00+01:00', price: 1.8, delta: 0.1 });
  });

  test('flagged points are left out', () => {
    const { points, now } = cheapTuesdays();
    const typos: ArchivePoint[] = [
      { at: '2024-01-18T10:00:00+01:00', price: 9.999, flag: 'outlier' },
      { at: '2024-01-19T10:00:00+01:00', price: 1.5, flag: 'reverted' },
    ];
    expect(fillDays([...points, ...typos], now)).toEqual(fillDays(points, now));
  });

  test('half a price of a day weighs half: a price set at noon', () => {
    const { points, now } = cheapTuesdays();
    // Every Tuesday's cut moved from 00:00 to 12:00: Tuesdays average (1.80 + 1.70) / 2.
    const noon = points.map((p) => (p.price === 1.7 ? { ...p, at: p.at.replace('T00:', 'T12:') } : p));
    const r = fillDays(noon, now);
    expect(r.weekdays[1]).toBe(1.75);
    expect(r.spreadCents).toBe(5);
  });

  test('the spring clock change: a 23-hour Sunday weighs its real hours', () => {
    // 1.80 since January, 1.90 from Sunday 31 March 2024 12:00 (+02:00): that day had 11 hours at 1.80
    // (00:00+01:00 to 12:00+02:00) and 12 at 1.90. The window (12 × 24 h back from 1 April 00:00+02:00)
    // starts on Sunday 7 January 23:00+01:00: Sundays hold 1 + 11 × 24 + 23 hours, 12 of them at 1.90.
    const r = fillDays(
      [
        { at: '2024-01-01T08:00:00+01:00', price: 1.8 },
        { at: '2024-03-31T12:00:00+02:00', price: 1.9 },
      ],
      Date.parse('2024-04-01T00:00:00+02:00'),
    );
    const sunday = (1.8 * (1 + 264) + 1.8 * 11 + 1.9 * 12) / (1 + 264 + 23);
    expect(r.weekdays[6]).toBe(Math.round(sunday * 10_000) / 10_000);
    expect(r.weekdays[0]).toBe(1.8);
    // One variation is not enough to tell a day.
    expect(r.verdict).toBe('thin');
    expect(r.last).toEqual({ at: '2024-03-31T12:00:00+02:00', price: 1.9, delta: 0.1 });
  });

  test('thin data: too few weeks covered, or no changes at all', () => {
    const { points, now } = cheapTuesdays();
    const recent = points.filter((p) => Date.parse(p.at) > now - 30 * DAY);
    const r = fillDays(recent, now);
    expect(r.verdict).toBe('thin');
    expect(r.coveredDays).toBeLessThan(42);
    expect(r.cheapest).toBeNull();
    expect(fillDays([], now)).toMatchObject({ verdict: 'thin', last: null, coveredDays: 0, variations: 0 });
  });

  test('a spread under half a centime: no better day', () => {
    const { points, now } = cheapTuesdays();
    const small = points.map((p) => (p.price === 1.7 ? { ...p, price: 1.797 } : p));
    const r = fillDays(small, now);
    expect(r.verdict).toBe('flat');
    expect(r.spreadCents).toBe(0.3);
  });
});
