import { describe, expect, test } from 'vitest';
import { createWorld, matchRule } from '#shared/alerts/match.ts';
import type { OutOfStock } from '#shared/domain/station.ts';
import { change, FRESH, favRule, NOW, placeRule } from '../../helpers/alerts.ts';
import { makeStation, price } from '../../helpers/station.ts';

/**
 * Stock-outs and alerts (issue 16: the ruptures feed is the default). The feed lists an out-of-stock fuel as
 * a `<rupture>` and (almost always) drops its `<prix>`; when the fuel is back, its price reappears, so the
 * run's changes carry it with no previous price (the previous index had none).
 */

const gazoleOut: OutOfStock = { fuel: 'Gazole', fuelId: 1, type: 'temporaire', since: FRESH, until: null };
const cheap = (id: string, outOfStock = false) =>
  makeStation(id, {
    prices: [price('Gazole', 1.55, FRESH)],
    outOfStock: outOfStock ? [gazoleOut] : [],
  });
const dear = makeStation('75000009', { prices: [price('Gazole', 1.85, FRESH)] });

describe('no alert for a fuel that is out of stock', () => {
  test('a drop rule never picks an out-of-stock station, even the cheapest one that changed', () => {
    const world = createWorld(
      [cheap('75000001', true), dear],
      [change('75000001', 'Gazole', 1.55, 1.9), change('75000009', 'Gazole', 1.85, 1.86)],
      NOW,
    );
    expect(matchRule(world, placeRule({ maxPrice: null, dropCents: 5 }), [])).toEqual([]);
    expect(matchRule(world, favRule({ maxPrice: 1.6 }), ['75000001', '75000009'])).toEqual([]);
  });
});

describe('in stock again', () => {
  test('the price back (no previous one) below the threshold alerts, once the fuel is in stock', () => {
    const back = createWorld([cheap('75000001')], [change('75000001', 'Gazole', 1.55, null)], NOW);
    expect(matchRule(back, favRule({ maxPrice: 1.6 }), ['75000001'])).toEqual([
      expect.objectContaining({ kind: 'threshold', stationId: '75000001', price: 1.55, previous: null }),
    ]);
  });

  test('a drop rule counts the cheapest that was available before: the station back is a real drop', () => {
    const world = createWorld([cheap('75000001'), dear], [change('75000001', 'Gazole', 1.55, null)], NOW);
    expect(matchRule(world, placeRule({ maxPrice: null, dropCents: 10 }), [])).toEqual([
      expect.objectContaining({ kind: 'drop', stationId: '75000001', price: 1.55, drop: 0.3 }),
    ]);
  });

  test('back in stock at the price it had (no price change in the run): nothing to tell', () => {
    const world = createWorld([cheap('75000001')], [], NOW);
    expect(matchRule(world, favRule({ maxPrice: 1.6 }), ['75000001'])).toEqual([]);
    expect(matchRule(world, placeRule({ maxPrice: null, dropCents: 1 }), [])).toEqual([]);
  });
});
