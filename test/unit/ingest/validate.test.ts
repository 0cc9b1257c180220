import { describe, expect, test } from 'vitest';
import { validateFeed } from '#shared/ingest/validate.ts';

const rules = { maxShrink: 0.1, maxRejectedRatio: 0.02, force: false };
const feed = (stations: number, rejected = 0, prices = stations * 3) => ({ stations, prices, rejected });

describe('validateFeed', () => {
  test('a first run has nothing to shrink from', () => {
    expect(validateFeed(feed(10), null, rules)).toEqual({ ok: true, warnings: [] });
  });

  test('losing up to 10% of the last good run is accepted, more is SHRUNK', () => {
    expect(validateFeed(feed(9_000), { stations: 10_000 }, rules).ok).toBe(true);
    expect(validateFeed(feed(8_999), { stations: 10_000 }, rules)).toMatchObject({
      ok: false,
      code: 'SHRUNK',
    });
    expect(validateFeed(feed(5_000), { stations: 10_007 }, rules)).toEqual({
      ok: false,
      code: 'SHRUNK',
      message: '5000 stations, last good run had 10007 (-50%, more than -10% refused)',
    });
    expect(validateFeed(feed(12_000), { stations: 10_000 }, rules).ok).toBe(true);
  });

  test('up to 2% unreadable records is accepted, more is UNREADABLE', () => {
    // 100 stations + 300 prices + rejected records
    expect(validateFeed(feed(100, 8), null, rules).ok).toBe(true); // 8 / 408 = 1.96%
    const refused = validateFeed(feed(100, 9), null, rules); // 9 / 409 = 2.2%
    expect(refused).toMatchObject({ ok: false, code: 'UNREADABLE' });
    expect(refused.ok || refused.message).toBe('9 of 409 records unreadable (2.2%, more than 2% refused)');
  });

  test('force turns refusals into warnings', () => {
    const forced = validateFeed(feed(5_000, 1_000), { stations: 10_000 }, { ...rules, force: true });
    expect(forced.ok).toBe(true);
    expect(forced.ok && forced.warnings).toEqual([
      'forced past SHRUNK: 5000 stations, last good run had 10000 (-50%, more than -10% refused)',
      'forced past UNREADABLE: 1000 of 21000 records unreadable (4.8%, more than 2% refused)',
    ]);
  });

  test('a feed whose newest price is older than the published one is FEED_OLDER (issue 17)', () => {
    // The 2023-11-22 file after the 2025-07-28 one: its newest price goes back 20 months.
    const published = { stations: 10_007, feedTime: '2025-07-28T15:00:04+02:00', runId: 'r2025' };
    const old = { ...feed(10_002), newestPrice: '2023-11-22T23:19:46+01:00' };
    expect(validateFeed(old, published, rules)).toEqual({
      ok: false,
      code: 'FEED_OLDER',
      message:
        "newest price 2023-11-22T23:19:46+01:00 is older than the published data's 2025-07-28T15:00:04+02:00 (run r2025)",
    });
    // Instants are compared, not strings: 15:00:04+02:00 is 13:00:04Z, so 14:00Z is newer.
    expect(validateFeed({ ...old, newestPrice: '2025-07-28T14:00:00Z' }, published, rules).ok).toBe(true);
    // The same newest price (the same feed re-read, or one station less) is not going back.
    expect(validateFeed({ ...old, newestPrice: '2025-07-28T13:00:04Z' }, published, rules).ok).toBe(true);
    // Nothing to compare: no date in the feed, or none on the pointer (a first run, an old pointer).
    expect(validateFeed({ ...old, newestPrice: null }, published, rules).ok).toBe(true);
    expect(validateFeed(old, { stations: 10_007, feedTime: null }, rules).ok).toBe(true);
    expect(validateFeed(old, null, rules).ok).toBe(true);
  });

  test('FEED_OLDER comes first among the refusals, and force publishes it with a warning', () => {
    const published = { stations: 10_000, feedTime: '2025-12-01T08:00:00+01:00' };
    const june = { ...feed(5_000), newestPrice: '2025-06-05T10:00:00+02:00' };
    expect(validateFeed(june, published, rules)).toMatchObject({ ok: false, code: 'FEED_OLDER' });
    const forced = validateFeed(june, published, { ...rules, force: true });
    expect(forced.ok && forced.warnings).toEqual([
      "forced past FEED_OLDER: newest price 2025-06-05T10:00:00+02:00 is older than the published data's 2025-12-01T08:00:00+01:00",
      'forced past SHRUNK: 5000 stations, last good run had 10000 (-50%, more than -10% refused)',
    ]);
  });

  test('a feed without any station is refused, even when forced', () => {
    expect(validateFeed(feed(0), null, { ...rules, force: true })).toMatchObject({
      ok: false,
      code: 'EMPTY',
    });
  });
});
