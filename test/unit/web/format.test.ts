import { describe, expect, test } from 'vitest';
import {
  formatAge,
  formatDate,
  formatDateTime,
  formatDistance,
  formatEuros,
  formatNumber,
  formatPrice,
  hoursSince,
  ordinal,
} from '../../../web/src/lib/format.ts';

// French typography: a no-break space before units and €, a narrow no-break space between thousands.
const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('format (fr-FR, Europe/Paris)', () => {
  test('a pump price has three decimals and a comma', () => {
    expect(formatPrice(1.859)).toBe(`1,859${NBSP}€`);
    expect(formatPrice(2)).toBe(`2,000${NBSP}€`);
    expect(formatPrice(1.8594)).toBe(`1,859${NBSP}€`);
  });

  test('an amount of money has cents and grouped thousands', () => {
    expect(formatEuros(12.5)).toBe(`12,50${NBSP}€`);
    expect(formatEuros(1234.5)).toBe(`1${NNBSP}234,50${NBSP}€`);
  });

  test('a number keeps at most one decimal', () => {
    expect(formatNumber(6.55)).toBe('6,6');
    expect(formatNumber(5)).toBe('5');
    expect(formatNumber(1234.56)).toBe(`1${NNBSP}234,6`);
  });

  test('under a kilometre, a distance is in metres rounded to ten, never under 10 m', () => {
    expect(formatDistance(0.42)).toBe(`420${NBSP}m`);
    expect(formatDistance(0.996)).toBe(`1000${NBSP}m`);
    expect(formatDistance(0.004)).toBe(`10${NBSP}m`);
  });

  test('from a kilometre, a distance is in km with one decimal', () => {
    expect(formatDistance(1)).toBe(`1${NBSP}km`);
    expect(formatDistance(3.26)).toBe(`3,3${NBSP}km`);
    expect(formatDistance(12)).toBe(`12${NBSP}km`);
  });

  test('an age reads in minutes, hours, days, months, then years', () => {
    expect(formatAge(0.2)).toBe(`il y a 12${NBSP}min`);
    expect(formatAge(0.001)).toBe(`il y a 1${NBSP}min`);
    expect(formatAge(3.4)).toBe(`il y a 3${NBSP}h`);
    expect(formatAge(47)).toBe(`il y a 47${NBSP}h`);
    expect(formatAge(48)).toBe(`il y a 2${NBSP}j`);
    expect(formatAge(24 * 59)).toBe(`il y a 59${NBSP}j`);
    expect(formatAge(24 * 61)).toBe(`il y a 2${NBSP}mois`);
    expect(formatAge(24 * 731)).toBe(`il y a 2${NBSP}ans`);
  });

  test('hours since an instant, never negative', () => {
    const now = Date.parse('2026-01-01T06:30:00Z');
    expect(hoursSince('2026-01-01T00:00:00Z', now)).toBe(6.5);
    expect(hoursSince('2026-01-02T00:00:00Z', now)).toBe(0);
  });

  test('dates are shown in Paris time, summer and winter', () => {
    expect(formatDateTime('2026-07-14T10:05:00Z')).toBe('14 juillet 2026 à 12:05');
    // 23:30 UTC on 3 January is already the 4th in Paris.
    expect(formatDateTime('2026-01-03T23:30:00Z')).toBe('4 janvier 2026 à 00:30');
    expect(formatDate('2026-01-03T23:30:00Z')).toBe('4 janv. 2026');
  });

  test('ordinals', () => {
    expect(ordinal(1)).toBe('1er');
    expect(ordinal(12)).toBe('12e');
  });
});
