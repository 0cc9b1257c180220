import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CELL_DEGREES, cellOf, cellsForCircle } from '#shared/alerts/cells.ts';
import { signToken, TOKEN_DAYS, unsubscribeToken, verifyToken } from '#shared/alerts/token.ts';
import { distanceKm } from '#shared/domain/geo.ts';

describe('grid cells', () => {
  test('cells of 0.5°, negative coordinates included', () => {
    expect(CELL_DEGREES).toBe(0.5);
    expect(cellOf(48.85, 2.35)).toBe('97:4');
    expect(cellOf(43.3, -1.49)).toBe('86:-3');
    expect(cellOf(-21.1, 55.5)).toBe('-43:111');
  });

  test('a small circle inside one cell is registered there only; a 50 km one in a handful', () => {
    expect(cellsForCircle(48.75, 2.25, 1)).toEqual(['97:4']);
    const big = cellsForCircle(48.85, 2.35, 50);
    expect(big.length).toBeGreaterThanOrEqual(9);
    expect(big.length).toBeLessThanOrEqual(20);
  });

  test('every point within the radius lies in one of the circle’s cells (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 41, max: 51, noNaN: true }),
        fc.double({ min: -5, max: 9.5, noNaN: true }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lat, lon, radius, angle, fraction) => {
          // A point at `fraction × radius` in direction `angle` (local flat approximation, then checked exactly).
          const d = (radius * fraction) / 111.2;
          const pLat = lat + d * Math.cos(angle);
          const pLon = lon + (d * Math.sin(angle)) / Math.cos((lat * Math.PI) / 180);
          fc.pre(distanceKm(lat, lon, pLat, pLon) <= radius);
          return cellsForCircle(lat, lon, radius).includes(cellOf(pLat, pLon));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('unsubscribe tokens', () => {
  const secret = new Uint8Array(32).fill(7);
  const other = new Uint8Array(32).fill(8);
  const now = new Date('2026-06-01T10:00:00Z');
  const sub = '3f1c2a9e-1111-4e2a-9c3b-6d2f1a0b9c8d';

  test('a token made for a user and purpose verifies, with its expiry', () => {
    const token = unsubscribeToken(secret, sub, 'alerts', now);
    expect(token).toMatch(/^v1\.[0-9a-f-]+\.alerts\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken(secret, token, now)).toEqual({
      ok: true,
      claim: { sub, purpose: 'alerts', expiresAt: now.getTime() / 1000 + TOKEN_DAYS * 86_400 },
    });
  });

  test('forgeries fail: other secret, changed sub, purpose or expiry, truncated signature', () => {
    const token = unsubscribeToken(secret, sub, 'alerts', now);
    const [v, s, p, e, sig] = token.split('.') as [string, string, string, string, string];
    expect(verifyToken(other, token, now)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyToken(secret, [v, s.replace('3f1c', '3f1d'), p, e, sig].join('.'), now).ok).toBe(false);
    expect(verifyToken(secret, [v, s, 'digest', e, sig].join('.'), now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(verifyToken(secret, [v, s, p, String(Number(e) + 86_400), sig].join('.'), now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(verifyToken(secret, [v, s, p, e, sig.slice(0, 20)].join('.'), now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyToken(secret, 'nonsense', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(secret, [v, s, 'everything', e, sig].join('.'), now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  test('an expired token fails, even well signed', () => {
    const token = signToken(secret, { sub, purpose: 'digest', expiresAt: now.getTime() / 1000 - 1 });
    expect(verifyToken(secret, token, now)).toEqual({ ok: false, reason: 'expired' });
  });

  test('only Cognito-sub-like subjects are signed (no dots, nothing to smuggle)', () => {
    expect(() => signToken(secret, { sub: 'a.b', purpose: 'alerts', expiresAt: 1 })).toThrow();
  });
});
