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

  test('a feed without any station is refused, even when forced', () => {
    expect(validateFeed(feed(0), null, { ...rules, force: true })).toMatchObject({
      ok: false,
      code: 'EMPTY',
    });
  });
});
