import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parisIso } from '#shared/domain/time.ts';

describe('parisIso', () => {
  it.each([
    ['2025-07-28 15:00:04', '2025-07-28T15:00:04+02:00'],
    ['2025-01-28 15:00:04', '2025-01-28T15:00:04+01:00'],
    ['2025-07-28T15:00:04', '2025-07-28T15:00:04+02:00'],
    ['2025-07-28 15:00:04.123456', '2025-07-28T15:00:04.123+02:00'],
    ['2025-07-28 15:00', '2025-07-28T15:00:00+02:00'],
    [' 2025-07-28 15:00:04 ', '2025-07-28T15:00:04+02:00'],
    ['2024-02-29 10:00:00', '2024-02-29T10:00:00+01:00'],
  ])('reads %j as Paris time', (local, iso) => {
    expect(parisIso(local)).toBe(iso);
  });

  it('switches to summer time on the last Sunday of March at 02:00', () => {
    expect(parisIso('2025-03-30 01:59:59')).toBe('2025-03-30T01:59:59+01:00');
    expect(parisIso('2025-03-30 03:00:00')).toBe('2025-03-30T03:00:00+02:00');
  });

  it('reads a time in the spring gap (02:30 does not exist) with the winter offset, printed as summer time', () => {
    // 02:30+01:00 and 03:30+02:00 are the same instant.
    expect(parisIso('2025-03-30 02:30:00')).toBe('2025-03-30T03:30:00+02:00');
    expect(Date.parse('2025-03-30T03:30:00+02:00')).toBe(Date.parse('2025-03-30T02:30:00+01:00'));
  });

  it('reads a time in the autumn overlap (02:30 happens twice) as the first, summer one', () => {
    expect(parisIso('2025-10-26 01:59:59')).toBe('2025-10-26T01:59:59+02:00');
    expect(parisIso('2025-10-26 02:30:00')).toBe('2025-10-26T02:30:00+02:00');
    expect(parisIso('2025-10-26 03:00:00')).toBe('2025-10-26T03:00:00+01:00');
  });

  it('converts values that carry their own offset to Paris time', () => {
    expect(parisIso('2025-07-28T13:00:04Z')).toBe('2025-07-28T15:00:04+02:00');
    expect(parisIso('2025-10-26T01:30:00Z')).toBe('2025-10-26T02:30:00+01:00'); // the second 02:30
    expect(parisIso('2025-01-01T00:30:00+01:00')).toBe('2025-01-01T00:30:00+01:00');
  });

  it('uses the tz database before 1996 (summer time then ended in September)', () => {
    expect(parisIso('1990-09-29 12:00:00')).toBe('1990-09-29T12:00:00+02:00');
    expect(parisIso('1990-10-15 12:00:00')).toBe('1990-10-15T12:00:00+01:00');
  });

  it.each([
    '',
    'abc',
    '2025-02-29 10:00:00',
    '2025-13-01 10:00:00',
    '2025-07-28 24:00:00',
    '2025-07-28 10:60:00',
    '28/07/2025 10:00',
    '2025-07-28 10:00:00+2',
  ])('rejects %j', (text) => {
    expect(parisIso(text)).toBeNull();
  });

  it('agrees with the tz database on every wall-clock time that exists once (1996–2037)', () => {
    const paris = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1996, 0, 1) / 1000, max: Date.UTC(2037, 11, 31) / 1000 }),
        (utcSec) => {
          // Prepare: the wall-clock time Paris showed at that instant.
          const local = paris.format(new Date(utcSec * 1000));

          // Act
          const iso = parisIso(local);

          // Assess: same instant, or (inside the autumn overlap only) the first of the two.
          const back = Date.parse(iso ?? '') / 1000;
          expect(back === utcSec || back === utcSec - 3600).toBe(true);
          expect(iso?.slice(0, 19)).toBe(local.replace(' ', 'T'));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with the tz database within hours of every switch (1996–2037)', () => {
    const paris = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Paris',
      dateStyle: 'short',
      timeStyle: 'medium',
    });
    const lastSundayUtc = (y: number, month: number) => {
      const last = new Date(Date.UTC(y, month + 1, 0));
      return Date.UTC(y, month, last.getUTCDate() - last.getUTCDay(), 1) / 1000; // 01:00 UTC
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1996, max: 2037 }),
        fc.constantFrom(2, 9),
        fc.integer({ min: -4 * 3600, max: 4 * 3600 }),
        (year, month, delta) => {
          const utcSec = lastSundayUtc(year, month) + delta;
          const local = paris.format(new Date(utcSec * 1000));
          const back = Date.parse(parisIso(local) ?? '') / 1000;
          expect(back === utcSec || back === utcSec - 3600).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
