import { describe, expect, test } from 'vitest';
import { isClosedBy, isOpenAt, openNow } from '#shared/domain/opening-hours.ts';
import type { DayHours, OpeningHours } from '#shared/domain/station.ts';
import { type ParisClock, parisClock, parisLocalDateTime } from '#shared/domain/time.ts';

const at = (day: DayHours['day'], hhmm: string): ParisClock => {
  const [h, m] = hhmm.split(':').map(Number);
  return { day, minutes: (h as number) * 60 + (m as number) };
};
const day = (n: DayHours['day'], ranges: [string, string][], closed = false): DayHours => ({
  day: n,
  closed,
  ranges: ranges.map(([open, close]) => ({ open, close })),
});
const week = (ranges: [string, string][]): DayHours[] =>
  ([1, 2, 3, 4, 5, 6, 7] as const).map((n) => day(n, ranges));

describe('parisClock: Europe/Paris wall-clock time, whatever the server zone', () => {
  test('summer (+02:00) and winter (+01:00)', () => {
    expect(parisClock(Date.parse('2025-07-28T13:00:04Z'))).toEqual({ day: 1, minutes: 15 * 60 }); // Monday 15:00
    expect(parisClock(Date.parse('2025-01-15T23:30:00Z'))).toEqual({ day: 4, minutes: 30 }); // Thu 00:30
  });

  test('spring forward: Sunday 2025-03-30, 01:59 CET is followed by 03:00 CEST', () => {
    expect(parisClock(Date.parse('2025-03-30T00:59:00Z'))).toEqual({ day: 7, minutes: 1 * 60 + 59 });
    expect(parisClock(Date.parse('2025-03-30T01:00:00Z'))).toEqual({ day: 7, minutes: 3 * 60 });
    expect(parisClock(Date.parse('2025-03-30T06:00:00Z'))).toEqual({ day: 7, minutes: 8 * 60 });
  });

  test('fall back: Sunday 2025-10-26, 02:30 happens twice', () => {
    expect(parisClock(Date.parse('2025-10-26T00:30:00Z'))).toEqual({ day: 7, minutes: 2 * 60 + 30 });
    expect(parisClock(Date.parse('2025-10-26T01:30:00Z'))).toEqual({ day: 7, minutes: 2 * 60 + 30 });
    expect(parisClock(Date.parse('2025-10-26T07:00:00Z'))).toEqual({ day: 7, minutes: 8 * 60 });
  });

  test('parisLocalDateTime prints the same wall clock, comparable with feed dates', () => {
    expect(parisLocalDateTime(Date.parse('2025-07-28T13:00:04Z'))).toBe('2025-07-28T15:00:04');
    expect(parisLocalDateTime(Date.parse('2025-12-31T23:30:00Z'))).toBe('2026-01-01T00:30:00');
    expect('2025-07-28T15:00:04+02:00' >= parisLocalDateTime(Date.parse('2025-07-28T13:00:04Z'))).toBe(true);
  });
});

describe('isOpenAt', () => {
  const hours = (days: DayHours[], automat24 = false): OpeningHours => ({ automat24, days });

  test('no hours → unknown; automat 24/24 → open, whatever the days say', () => {
    expect(isOpenAt(null, at(1, '12:00'))).toBeNull();
    expect(isOpenAt(hours([], true), at(3, '03:00'))).toBe(true);
    expect(isOpenAt(hours([day(3, [], true)], true), at(3, '03:00'))).toBe(true);
  });

  test('inside, outside, and at the edges of a range (open inclusive, close exclusive)', () => {
    const h = hours(week([['07:00', '20:00']]));
    expect(isOpenAt(h, at(2, '06:59'))).toBe(false);
    expect(isOpenAt(h, at(2, '07:00'))).toBe(true);
    expect(isOpenAt(h, at(2, '19:59'))).toBe(true);
    expect(isOpenAt(h, at(2, '20:00'))).toBe(false);
  });

  test('two ranges with a lunch break', () => {
    const h = hours(
      week([
        ['08:00', '12:00'],
        ['14:00', '19:00'],
      ]),
    );
    expect(isOpenAt(h, at(4, '13:00'))).toBe(false);
    expect(isOpenAt(h, at(4, '15:00'))).toBe(true);
  });

  test('a closed day is closed', () => {
    const h = hours([...week([['08:00', '20:00']]).slice(0, 6), day(7, [], true)]);
    expect(isOpenAt(h, at(7, '10:00'))).toBe(false);
    expect(isOpenAt(h, at(6, '10:00'))).toBe(true);
  });

  test('a range past midnight is open late that day and early the next, even if the next is closed', () => {
    const h = hours([day(6, [['20:00', '02:00']]), day(7, [], true)]);
    expect(isOpenAt(h, at(6, '19:00'))).toBe(false);
    expect(isOpenAt(h, at(6, '23:30'))).toBe(true);
    expect(isOpenAt(h, at(7, '01:59'))).toBe(true);
    expect(isOpenAt(h, at(7, '02:00'))).toBe(false);
  });

  test('Sunday night past midnight carries over to Monday', () => {
    const h = hours([day(7, [['18:00', '01:00']]), day(1, [['08:00', '12:00']])]);
    expect(isOpenAt(h, at(1, '00:30'))).toBe(true);
    expect(isOpenAt(h, at(1, '07:00'))).toBe(false);
  });

  test('the 01.00–01.00 placeholder, a missing day and an open day without ranges say nothing', () => {
    expect(isOpenAt(hours(week([['01:00', '01:00']])), at(2, '10:00'))).toBeNull();
    expect(isOpenAt(hours([day(1, [['08:00', '20:00']])]), at(2, '10:00'))).toBeNull();
    expect(isOpenAt(hours([day(2, [])]), at(2, '10:00'))).toBeNull();
  });
});

describe('openNow (station)', () => {
  const hours: OpeningHours = { automat24: false, days: week([['08:00', '20:00']]) };

  test('follows the hours in Paris time on the DST Sundays', () => {
    // 2025-03-30 (clocks go forward at 02:00): 06:30Z is 08:30 CEST (open), 05:30Z is 07:30 CEST (closed).
    expect(openNow({ hours }, Date.parse('2025-03-30T06:30:00Z'))).toBe(true); // 08:30 CEST
    expect(openNow({ hours }, Date.parse('2025-03-30T05:30:00Z'))).toBe(false); // 07:30 CEST
    // 2025-10-26: 07:30Z is 08:30 CET (open), 06:30Z is 07:30 CET (closed).
    expect(openNow({ hours }, Date.parse('2025-10-26T07:30:00Z'))).toBe(true);
    expect(openNow({ hours }, Date.parse('2025-10-26T06:30:00Z'))).toBe(false);
  });

  test('a closure in force wins over the hours', () => {
    const now = Date.parse('2025-07-28T10:00:00Z');
    const closure = { type: 'T', since: '2025-07-01T00:00:00+02:00', until: null };
    expect(openNow({ hours, closure }, now)).toBe(false);
    expect(isClosedBy({ ...closure, until: '2025-07-20T00:00:00+02:00' }, now)).toBe(false);
    expect(isClosedBy({ ...closure, since: '2025-08-01T00:00:00+02:00' }, now)).toBe(false);
    expect(isClosedBy(null, now)).toBe(false);
  });
});
