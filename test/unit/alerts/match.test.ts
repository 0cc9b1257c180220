import { describe, expect, test } from 'vitest';
import { cellRanges } from '#shared/alerts/candidates.ts';
import {
  createWorld,
  isAlertableChange,
  matchRule,
  planEmail,
  type RuleMatch,
  underDailyCap,
} from '#shared/alerts/match.ts';
import { change, FRESH, favRule, NOW, placeRule } from '../../helpers/alerts.ts';
import { makeStation, price } from '../../helpers/station.ts';

const A = makeStation('75000001', { prices: [price('Gazole', 1.659, FRESH)] });
const B = makeStation('75000002', { lat: 48.9, lon: 2.4, prices: [price('Gazole', 1.689, FRESH)] });
const C = makeStation('75000003', {
  lat: 48.86,
  lon: 2.36,
  prices: [price('Gazole', 1.729, FRESH), price('E10', 1.799, FRESH)],
});
/** Lyon: far from the Paris place. */
const LYON = makeStation('69000001', {
  lat: 45.76,
  lon: 4.84,
  cp: '69001',
  town: 'Lyon',
  prices: [price('Gazole', 1.499, FRESH)],
});

describe('threshold rules', () => {
  test('a favourite whose price went down to at most the threshold matches; one above it does not', () => {
    const world = createWorld(
      [A, B, C],
      [change('75000001', 'Gazole', 1.659, 1.719), change('75000003', 'Gazole', 1.729, 1.759)],
      NOW,
    );
    const m = matchRule(world, favRule(), ['75000001', '75000002', '75000003']);
    expect(m).toEqual([
      expect.objectContaining({
        kind: 'threshold',
        stationId: '75000001',
        price: 1.659,
        previous: 1.719,
        maxPrice: 1.7,
      }),
    ]);
  });

  test('exactly at the threshold matches (no float surprise)', () => {
    const s = makeStation('75000001', { prices: [price('Gazole', 1.7, FRESH)] });
    const world = createWorld([s], [change('75000001', 'Gazole', 1.7, 1.8)], NOW);
    expect(matchRule(world, favRule({ maxPrice: 1.7 }), ['75000001'])).toHaveLength(1);
  });

  test('a price that went UP never triggers, even below the threshold', () => {
    const world = createWorld([A], [change('75000001', 'Gazole', 1.659, 1.6)], NOW);
    expect(matchRule(world, favRule(), ['75000001'])).toEqual([]);
  });

  test('an unchanged station never matches (only the run’s changes are evaluated)', () => {
    const world = createWorld([A, B], [change('75000002', 'Gazole', 1.689, 1.75)], NOW);
    expect(matchRule(world, favRule(), ['75000001', '75000002']).map((m) => m.stationId)).toEqual([
      '75000002',
    ]);
  });

  test('a new price (no previous one) can trigger', () => {
    const world = createWorld([A], [change('75000001', 'Gazole', 1.659, null)], NOW);
    expect(matchRule(world, favRule(), ['75000001'])).toHaveLength(1);
  });

  test('out of stock, outlier and stale prices are left out', () => {
    const out = makeStation('1', {
      prices: [price('Gazole', 1.5, FRESH)],
      outOfStock: [{ fuel: 'Gazole', fuelId: 1, type: 'temporaire', since: null, until: null }],
    });
    const outlier = makeStation('2', { prices: [price('Gazole', 0.5, FRESH, true)] });
    const stale = makeStation('3', { prices: [price('Gazole', 1.5, '2025-07-01T09:00:00+02:00')] });
    const world = createWorld(
      [out, outlier, stale],
      [
        change('1', 'Gazole', 1.5, 1.8),
        change('2', 'Gazole', 0.5, 1.8),
        change('3', 'Gazole', 1.5, 1.8, '2025-07-01T09:00:00+02:00'),
      ],
      NOW,
    );
    expect(matchRule(world, favRule(), ['1', '2', '3'])).toEqual([]);
  });

  test('openNow: only stations known to be open at that moment', () => {
    const closedTuesday = makeStation('1', {
      prices: [price('Gazole', 1.5, FRESH)],
      hours: { automat24: false, days: [{ day: 2, closed: true, ranges: [] }] },
    });
    const automat = makeStation('2', {
      prices: [price('Gazole', 1.5, FRESH)],
      hours: { automat24: true, days: [] },
    });
    const unknown = makeStation('3', { prices: [price('Gazole', 1.5, FRESH)], hours: null });
    const world = createWorld(
      [closedTuesday, automat, unknown],
      ['1', '2', '3'].map((id) => change(id, 'Gazole', 1.5, 1.8)),
      NOW,
    );
    expect(matchRule(world, favRule({ openNow: true }), ['1', '2', '3']).map((m) => m.stationId)).toEqual([
      '2',
    ]);
    expect(matchRule(world, favRule({ openNow: false }), ['1', '2', '3'])).toHaveLength(3);
  });

  test('a change the snapshot does not serve (stale changes object) is ignored', () => {
    const world = createWorld([A], [change('75000001', 'Gazole', 1.6, 1.7)], NOW);
    expect(isAlertableChange(world, change('75000001', 'Gazole', 1.6, 1.7))).toBe(false);
  });

  test('place scope: stations within the radius only, with their distance from the place', () => {
    const world = createWorld(
      [A, B, LYON],
      [
        change('75000001', 'Gazole', 1.659, 1.7),
        change('75000002', 'Gazole', 1.689, 1.75),
        change('69000001', 'Gazole', 1.499, 1.6),
      ],
      NOW,
    );
    const m = matchRule(world, placeRule({}, 3), []);
    expect(m.map((x) => x.stationId)).toEqual(['75000001']);
    expect(m[0]?.distanceKm).toBeCloseTo(0, 5);
    expect(m[0]?.placeLabel).toBe('Maison');
    expect(
      matchRule(world, placeRule({}, 10), [])
        .map((x) => x.stationId)
        .sort(),
    ).toEqual(['75000001', '75000002']);
  });
});

describe('drop rules', () => {
  test('the cheapest favourite dropped by at least N cents: one match, at the new cheapest', () => {
    // Before: cheapest was B at 1.689; now A went 1.759 → 1.639 (5 cents under B).
    const a = makeStation('75000001', { prices: [price('Gazole', 1.639, FRESH)] });
    const world = createWorld([a, B, C], [change('75000001', 'Gazole', 1.639, 1.759)], NOW);
    const m = matchRule(world, favRule({ maxPrice: null, dropCents: 5 }), [
      '75000001',
      '75000002',
      '75000003',
    ]);
    expect(m).toEqual([
      expect.objectContaining({ kind: 'drop', stationId: '75000001', price: 1.639, drop: 0.05 }),
    ]);
    expect(
      matchRule(world, favRule({ maxPrice: null, dropCents: 6 }), ['75000001', '75000002', '75000003']),
    ).toEqual([]);
  });

  test('a big drop at a station that is not the cheapest does not count', () => {
    const c = makeStation('75000003', { prices: [price('Gazole', 1.729, FRESH)] });
    const world = createWorld([A, c], [change('75000003', 'Gazole', 1.729, 1.899)], NOW);
    expect(matchRule(world, favRule({ maxPrice: null, dropCents: 1 }), ['75000001', '75000003'])).toEqual([]);
  });

  test('with a threshold too: both must hold', () => {
    const a = makeStation('75000001', { prices: [price('Gazole', 1.639, FRESH)] });
    const world = createWorld([a, B], [change('75000001', 'Gazole', 1.639, 1.759)], NOW);
    expect(matchRule(world, favRule({ maxPrice: 1.6, dropCents: 3 }), ['75000001', '75000002'])).toEqual([]);
    expect(
      matchRule(world, favRule({ maxPrice: 1.65, dropCents: 3 }), ['75000001', '75000002']),
    ).toHaveLength(1);
  });

  test('around a place: the cheapest in the circle against the cheapest of the same stations before', () => {
    const a = makeStation('75000001', { prices: [price('Gazole', 1.6, FRESH)] });
    const world = createWorld(
      [a, B, LYON],
      [change('75000001', 'Gazole', 1.6, 1.75), change('69000001', 'Gazole', 1.499, 1.6)],
      NOW,
    );
    const m = matchRule(world, placeRule({ maxPrice: null, dropCents: 8 }, 10), []);
    expect(m).toEqual([
      expect.objectContaining({ stationId: '75000001', drop: 0.089, placeLabel: 'Maison' }),
    ]);
  });
});

describe('one email per user per run', () => {
  const m = (over: Partial<RuleMatch>): RuleMatch => ({
    ruleId: 'r1',
    channel: 'email',
    kind: 'threshold',
    stationId: '1',
    fuel: 'Gazole',
    price: 1.6,
    previous: 1.7,
    updatedAt: FRESH,
    distanceKm: null,
    placeLabel: null,
    maxPrice: 1.7,
    dropCents: null,
    drop: null,
    ...over,
  });

  test('matches of several rules are grouped: one line per station × fuel, reasons merged, cheapest first', () => {
    const plan = planEmail(
      [
        m({ stationId: '2', price: 1.65 }),
        m({ stationId: '1', price: 1.6 }),
        m({ stationId: '1', price: 1.6, ruleId: 'p1', distanceKm: 2.5, placeLabel: 'Maison' }),
        m({ stationId: '3', fuel: 'E10', price: 1.7, ruleId: 'r2' }),
      ],
      new Map(),
    );
    expect(
      plan.lines.map((l) => `${l.fuel} ${l.stationId} ${l.reasons.map((r) => r.ruleId).join('+')}`),
    ).toEqual(['E10 3 r2', 'Gazole 1 r1+p1', 'Gazole 2 r1']);
    expect(plan.lines[1]?.distanceKm).toBe(2.5);
    expect(plan.repeats).toBe(0);
  });

  test('never the same station × fuel × price twice (alert state)', () => {
    const plan = planEmail(
      [m({ stationId: '1', price: 1.6 }), m({ stationId: '2', price: 1.62 })],
      new Map([
        ['1#Gazole', 1.6],
        ['2#Gazole', 1.65],
      ]),
    );
    expect(plan.lines.map((l) => l.stationId)).toEqual(['2']);
    expect(plan.repeats).toBe(1);
  });

  test('long lists are cut at 20 lines, the rest counted', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      m({ stationId: String(i).padStart(2, '0'), price: 1.5 + i / 1000 }),
    );
    const plan = planEmail(many, new Map());
    expect(plan.lines).toHaveLength(20);
    expect(plan.more).toBe(5);
    expect(plan.lines[0]?.price).toBe(1.5);
  });

  test('the daily cap', () => {
    expect(underDailyCap(0, 1)).toBe(true);
    expect(underDailyCap(2, 3)).toBe(true);
    expect(underDailyCap(3, 3)).toBe(false);
  });
});

describe('the cell queries of a run', () => {
  test('one threshold range per (fuel, cell) from its lowest changed price, a drop range from its largest drop', () => {
    const world = createWorld(
      [A, C],
      [change('75000001', 'Gazole', 1.659, 1.719), change('75000003', 'E10', 1.799, null)],
      NOW,
    );
    const ranges = cellRanges(world, [
      change('75000001', 'Gazole', 1.659, 1.719),
      change('75000003', 'E10', 1.799, null),
    ]);
    expect(ranges).toEqual([
      { partition: 'ALERTCELL#Gazole#97:4', from: 'T01659', to: 'T99999~' },
      { partition: 'ALERTCELL#Gazole#97:4', from: 'D000', to: 'D006~' },
      { partition: 'ALERTCELL#E10#97:4', from: 'T01799', to: 'T99999~' },
      // A new price: the area's cheapest may have dropped by any amount.
      { partition: 'ALERTCELL#E10#97:4', from: 'D000', to: 'D999~' },
    ]);
  });
});
