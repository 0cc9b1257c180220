import { describe, expect, test } from 'vitest';
import { buildPriceRanks, isComparablePrice, RANK_WINDOW_DAYS } from '#shared/domain/ranking.ts';
import { makeStation, price } from '../../helpers/station.ts';

const FEED_TIME = Date.parse('2025-07-28T15:00:04+02:00');
const fresh = '2025-07-28T10:00:00+02:00';

describe('buildPriceRanks', () => {
  const stations = [
    makeStation('1000001', { dept: '75', prices: [price('Gazole', 1.7, fresh), price('SP98', 1.9, fresh)] }),
    makeStation('1000002', { dept: '75', prices: [price('Gazole', 1.6, fresh)] }),
    makeStation('1000003', { dept: '69', prices: [price('Gazole', 1.6, fresh)] }),
    makeStation('1000004', { dept: '69', prices: [price('Gazole', 1.8, fresh)] }),
    // Not comparable: an outlier, an implausible value, a price older than the window.
    makeStation('1000005', { dept: '75', prices: [price('Gazole', 0.001, fresh, true)] }),
    makeStation('1000006', { dept: '75', prices: [price('Gazole', 9.99, fresh)] }),
    makeStation('1000007', { dept: '75', prices: [price('Gazole', 1.1, '2025-07-01T10:00:00+02:00')] }),
  ];
  const ranks = buildPriceRanks(stations, FEED_TIME);

  test('national and département ranks, cheapest first, ties share a rank', () => {
    expect(ranks.get('1000002', 'Gazole')).toEqual({
      national: { rank: 1, of: 4 },
      dept: { rank: 1, of: 2 },
    });
    expect(ranks.get('1000003', 'Gazole')).toEqual({
      national: { rank: 1, of: 4 },
      dept: { rank: 1, of: 2 },
    });
    expect(ranks.get('1000001', 'Gazole')).toEqual({
      national: { rank: 3, of: 4 },
      dept: { rank: 2, of: 2 },
    });
    expect(ranks.get('1000004', 'Gazole')).toEqual({
      national: { rank: 4, of: 4 },
      dept: { rank: 2, of: 2 },
    });
    expect(ranks.get('1000001', 'SP98')).toEqual({ national: { rank: 1, of: 1 }, dept: { rank: 1, of: 1 } });
    expect(ranks.counts.get('Gazole')).toBe(4);
  });

  test('outliers, implausible and old prices are not ranked (and do not count in `of`)', () => {
    expect(ranks.get('1000005', 'Gazole')).toBeNull();
    expect(ranks.get('1000006', 'Gazole')).toBeNull();
    expect(ranks.get('1000007', 'Gazole')).toBeNull();
    expect(ranks.get('1000002', 'E10')).toBeNull();
    expect(ranks.get('9999999', 'Gazole')).toBeNull();
  });

  test(`the window is ${RANK_WINDOW_DAYS} days before the feed time`, () => {
    const edge = new Date(FEED_TIME - RANK_WINDOW_DAYS * 86_400_000).toISOString();
    expect(isComparablePrice(price('Gazole', 1.7, edge), FEED_TIME)).toBe(true);
    const before = new Date(FEED_TIME - RANK_WINDOW_DAYS * 86_400_000 - 1000).toISOString();
    expect(isComparablePrice(price('Gazole', 1.7, before), FEED_TIME)).toBe(false);
  });
});
