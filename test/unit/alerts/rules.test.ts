import { describe, expect, test } from 'vitest';
import { ALERT_LIMITS, alertsUpdateSchema, normalizeRules, readRules } from '#shared/alerts/rules.ts';

const place = { kind: 'place', lat: 48.85, lon: 2.35, radiusKm: 10, label: 'Maison' } as const;
const ok = { fuel: 'Gazole', maxPrice: 1.7, scope: { kind: 'favourites' } };

/** The field the API would name in its 400 (middleware: the first issue's path joined with dots). */
function field(body: unknown): string | null {
  const res = alertsUpdateSchema.safeParse(body);
  return res.success ? null : (res.error.issues[0]?.path.join('.') ?? '');
}

describe('PUT /api/me/alerts validation', () => {
  test('valid rules pass: threshold, drop, both, around a place, open now', () => {
    expect(
      field({
        rules: [
          ok,
          { fuel: 'E10', dropCents: 5, scope: { kind: 'favourites' } },
          { fuel: 'SP98', maxPrice: 1.899, dropCents: 3, scope: place, openNow: true },
        ],
        enabled: true,
        dailyCap: 2,
        digest: true,
      }),
    ).toBeNull();
    expect(field({ rules: [] })).toBeNull();
  });

  test('each bad input is refused naming its field', () => {
    expect(field({ rules: [{ ...ok, maxPrice: -1.5 }] })).toBe('rules.0.maxPrice');
    expect(field({ rules: [ok, { ...ok, fuel: 'Kerosene' }] })).toBe('rules.1.fuel');
    expect(field({ rules: [{ ...ok, maxPrice: 1.7001 }] })).toBe('rules.0.maxPrice');
    expect(field({ rules: [{ ...ok, maxPrice: 9 }] })).toBe('rules.0.maxPrice');
    expect(field({ rules: [{ ...ok, dropCents: 0 }] })).toBe('rules.0.dropCents');
    expect(field({ rules: [{ ...ok, dropCents: 2.5 }] })).toBe('rules.0.dropCents');
    expect(field({ rules: [{ fuel: 'Gazole', scope: { kind: 'favourites' } }] })).toBe('rules.0.maxPrice');
    expect(field({ rules: [{ ...ok, scope: { ...place, radiusKm: 51 } }] })).toBe('rules.0.scope.radiusKm');
    expect(field({ rules: [{ ...ok, scope: { ...place, radiusKm: 0.5 } }] })).toBe('rules.0.scope.radiusKm');
    expect(field({ rules: [{ ...ok, scope: { ...place, lat: 40.4, lon: -3.7 } }] })).toBe(
      'rules.0.scope.lat',
    ); // Madrid
    expect(field({ rules: [{ ...ok, scope: { ...place, label: '' } }] })).toBe('rules.0.scope.label');
    expect(field({ rules: [{ ...ok, scope: { kind: 'everywhere' } }] })).toBe('rules.0.scope.kind');
    expect(field({ rules: [{ ...ok, userId: 'x' }] })).toBe('rules.0');
    expect(
      field({
        rules: [
          { ...ok, id: 'a' },
          { ...ok, id: 'a' },
        ],
      }),
    ).toBe('rules.1.id');
    expect(field({ rules: [ok], dailyCap: 11 })).toBe('dailyCap');
    expect(field({ rules: [{ ...ok, channel: 'sms' }] })).toBe('rules.0.channel');
    expect(field({ rules: [ok], PK: 'USER#other' })).toBe('');
    expect(field({})).toBe('rules');
  });

  test('the 11th rule is refused', () => {
    expect(field({ rules: Array.from({ length: ALERT_LIMITS.rules }, () => ok) })).toBeNull();
    expect(field({ rules: Array.from({ length: ALERT_LIMITS.rules + 1 }, () => ok) })).toBe('rules');
  });
});

describe('stored rules', () => {
  test('new rules get fresh unique ids, given ids are kept, defaults made explicit', () => {
    let n = 0;
    const ids = ['aaa', 'kept', 'bbb'];
    const rules = normalizeRules(
      [
        { fuel: 'Gazole', maxPrice: 1.7, scope: { kind: 'favourites' } },
        { id: 'kept', fuel: 'E10', dropCents: 4, scope: place },
        { fuel: 'SP98', maxPrice: 1.9, scope: { kind: 'favourites' } },
      ],
      () => ids[n++] ?? `x${n}`,
    );
    // The generator's second answer collides with a kept id: it is asked again.
    expect(rules.map((r) => r.id)).toEqual(['aaa', 'kept', 'bbb']);
    expect(rules[0]).toEqual({
      id: 'aaa',
      fuel: 'Gazole',
      maxPrice: 1.7,
      dropCents: null,
      scope: { kind: 'favourites' },
      openNow: false,
      channel: 'email', // the default, as every rule saved before the choice existed (issue 19)
    });
    expect(normalizeRules([{ fuel: 'E10', maxPrice: 1.8, scope: place, channel: 'both' }])[0]?.channel).toBe(
      'both',
    );
  });

  test('reading back skips anything that is not a valid rule', () => {
    const good = normalizeRules([{ id: 'r1', fuel: 'Gazole', maxPrice: 1.7, scope: { kind: 'favourites' } }]);
    expect(readRules([...good, { id: 'r2', fuel: 'Nope' }, 'junk'])).toEqual(good);
    expect(readRules(undefined)).toEqual([]);
    // A rule stored before channels existed notifies by email, as it always did.
    const { channel: _c, ...old } = good[0] as NonNullable<(typeof good)[0]>;
    expect(readRules([old])[0]?.channel).toBe('email');
  });
});
