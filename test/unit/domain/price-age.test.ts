import { describe, expect, test } from 'vitest';
import { dataHealth } from '#shared/domain/health.ts';
import {
  comparedWindowPhrase,
  dataStatus,
  datedPhrase,
  dayPhrase,
  FRESHNESS,
  isComparableAt,
  isLatePublish,
  isOldFeed,
  isStaleAge,
  parisLongDate,
  referenceMs,
} from '#shared/domain/price-age.ts';
import { rankNote } from '#shared/domain/ranking.ts';

// Issue 17 item 4: the one definition of fresh and stale, with the case that went wrong — an old feed
// (newest price 5 June 2026) freshly ingested on 2 December 2026.
const NOW = Date.parse('2026-12-02T09:00:00Z');
const OLD_FEED = '2026-06-05T16:12:00+02:00';
const FRESH_FEED = '2026-12-02T08:40:00Z';
const H = 3_600_000;
const D = 24 * H;

describe('thresholds', () => {
  test('named once', () => {
    expect(FRESHNESS).toEqual({
      stalePriceHours: 48,
      comparableDays: 7,
      latePublishSeconds: 7200,
      oldFeedHours: 3,
    });
  });

  test('a price is stale past 48 h, or with an unreadable date', () => {
    expect(isStaleAge(48)).toBe(false);
    expect(isStaleAge(48.1)).toBe(true);
    expect(isStaleAge(Number.NaN)).toBe(true);
  });

  test('comparable: at most 7 days before the reference, at most a day after', () => {
    const ref = Date.parse(OLD_FEED);
    expect(isComparableAt(ref - 7 * D, ref)).toBe(true);
    expect(isComparableAt(ref - 7 * D - 1, ref)).toBe(false);
    expect(isComparableAt(ref + D, ref)).toBe(true);
    expect(isComparableAt(ref + D + 1, ref)).toBe(false);
    expect(isComparableAt(Number.NaN, ref)).toBe(false);
  });

  test('the reference is the feed time (never in the future), now without one', () => {
    expect(referenceMs(OLD_FEED, NOW)).toBe(Date.parse(OLD_FEED));
    expect(referenceMs(null, NOW)).toBe(NOW);
    expect(referenceMs('garbage', NOW)).toBe(NOW);
    expect(referenceMs('2026-12-03T00:00:00Z', NOW)).toBe(NOW);
  });
});

describe('the data: late publication, old feed', () => {
  test('late after 2 h since publication', () => {
    expect(isLatePublish(new Date(NOW - 2 * H).toISOString(), NOW)).toBe(false);
    expect(isLatePublish(new Date(NOW - 2 * H - 1000).toISOString(), NOW)).toBe(true);
    expect(isLatePublish(null, NOW)).toBe(false);
  });

  test('old when the newest price is over 3 h old', () => {
    expect(isOldFeed(FRESH_FEED, NOW)).toBe(false);
    expect(isOldFeed(OLD_FEED, NOW)).toBe(true);
    expect(isOldFeed(null, NOW)).toBe(false);
  });

  test('an old feed freshly published is stale, not ok', () => {
    const publishedAt = new Date(NOW - 10 * 60_000).toISOString();
    expect(dataStatus({ publishedAt, feedTime: FRESH_FEED }, NOW)).toBe('ok');
    expect(dataStatus({ publishedAt, feedTime: OLD_FEED }, NOW)).toBe('stale');
    expect(dataStatus({ publishedAt: new Date(NOW - 3 * H).toISOString(), feedTime: FRESH_FEED }, NOW)).toBe(
      'stale',
    );
    expect(dataStatus(null, NOW)).toBe('empty');
  });

  test('GET /api/health says stale for that old feed (it said ok)', () => {
    const published = {
      runId: 'r',
      snapshotKey: 'k',
      feedHash: 'h',
      feedTime: OLD_FEED,
      publishedAt: new Date(NOW - 10 * 60_000).toISOString(),
      stations: 1,
      prices: 1,
    };
    expect(dataHealth(published, null, new Date(NOW)).status).toBe('stale');
  });
});

describe('the words', () => {
  test('dates in Paris, for an instant or a day', () => {
    expect(parisLongDate(OLD_FEED)).toBe('5 juin 2026');
    expect(parisLongDate('2025-07-28')).toBe('28 juillet 2025');
    // 23:30 UTC on 1 July is already 2 July in Paris.
    expect(parisLongDate('2026-07-01T23:30:00Z')).toBe('2 juillet 2026');
  });

  test('"aujourd’hui" only for today in Paris', () => {
    expect(dayPhrase('2026-12-02T06:00:00Z', NOW)).toBe('aujourd’hui');
    expect(dayPhrase('2026-12-02', NOW)).toBe('aujourd’hui');
    expect(dayPhrase('2026-12-01T12:00:00Z', NOW)).toBe('hier');
    expect(dayPhrase(OLD_FEED, NOW)).toBe('le 5 juin 2026');
    expect(dayPhrase('2025-07-28', NOW)).toBe('le 28 juillet 2025');
  });

  test('"ces 7 derniers jours" only for a current feed, else dated', () => {
    expect(comparedWindowPhrase(FRESH_FEED, NOW)).toBe('ces 7 derniers jours');
    expect(comparedWindowPhrase(OLD_FEED, NOW)).toBe('dans les 7 jours avant le 5 juin 2026');
    expect(datedPhrase(FRESH_FEED, NOW)).toBeNull();
    expect(datedPhrase(OLD_FEED, NOW)).toBe('prix du 5 juin 2026');
  });

  test('the station page’s rank note', () => {
    expect(rankNote(FRESH_FEED, NOW)).toBe(
      'Classement : rang parmi les prix mis à jour ces 7 derniers jours (1er = le moins cher).',
    );
    expect(rankNote(OLD_FEED, NOW)).toBe(
      'Classement : rang parmi les prix mis à jour dans les 7 jours avant le 5 juin 2026 (1er = le moins cher).',
    );
  });
});
