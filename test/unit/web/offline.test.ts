import { describe, expect, test } from 'vitest';
import {
  cacheFor,
  knownAt,
  OFFLINE_MAX_HOURS,
  PRIVATE_CACHE,
  PUBLIC_CACHE,
  stillShowable,
} from '../../../web/src/lib/offline.ts';

const HOUR = 3_600_000;
const at = Date.parse('2026-12-03T10:00:00+01:00');

describe('what the service worker keeps for offline use', () => {
  test('public data without a token; only the dashboard and favourites of the signed-in driver', () => {
    expect(cacheFor('/api/stations', false)).toBe(PUBLIC_CACHE);
    expect(cacheFor('/api/stations/75015001/history', false)).toBe(PUBLIC_CACHE);
    expect(cacheFor('/api/me/dashboard', true)).toBe(PRIVATE_CACHE);
    expect(cacheFor('/api/me/favourites', true)).toBe(PRIVATE_CACHE);
    // Never: the export, the profile, alert settings, admin routes, unsubscribe links, the site's pages.
    for (const path of [
      '/api/me/export',
      '/api/me',
      '/api/me/alerts',
      '/api/admin/runs',
      '/api/alerts/unsubscribe',
    ])
      expect(cacheFor(path, true), path).toBeNull();
    expect(cacheFor('/api/me/dashboard', false)).toBeNull();
    expect(cacheFor('/station/', false)).toBeNull();
    // A public route called with a token is not mixed into the shared cache.
    expect(cacheFor('/api/stations', true)).toBeNull();
  });

  test(`kept prices are shown up to ${OFFLINE_MAX_HOURS} h after their snapshot, never after`, () => {
    const known = new Date(at).toISOString();
    expect(stillShowable(known, at + OFFLINE_MAX_HOURS * HOUR)).toBe(true);
    expect(stillShowable(known, at + OFFLINE_MAX_HOURS * HOUR + 1)).toBe(false);
    expect(stillShowable(null, at)).toBe(false);
    expect(stillShowable('hier', at)).toBe(false);
  });

  test('an answer is dated by its snapshot: version.publishedAt, the dashboard’s lastIngestAt, else now', () => {
    const now = '2026-12-03T12:00:00.000Z';
    expect(knownAt({ version: { publishedAt: '2026-12-03T09:50:00Z' } }, now)).toBe('2026-12-03T09:50:00Z');
    expect(knownAt({ lastIngestAt: '2026-12-03T09:40:00Z', version: null }, now)).toBe(
      '2026-12-03T09:40:00Z',
    );
    expect(knownAt({ favourites: [] }, now)).toBe(now);
    expect(knownAt(null, now)).toBe(now);
  });
});
