import { describe, expect, it } from 'vitest';
import { feedXml, latin1, pdv, price, readAll } from '../../helpers/feed.ts';

// A yearly archive's `<pdv>`: the same fuel priced again and again, not in time order, with a repeat.
const YEARLY = pdv(
  { id: '7' },
  [
    price(1, '1.7', '2023-11-20 08:00:00'),
    price(2, '1.85', '2023-11-20 08:00:00'),
    price(1, '1.69', '2023-11-22 21:04:10'),
    price(1, '1.71', '2023-11-21 07:30:00'),
    price(1, '1.69', '2023-11-22 21:04:10'),
  ].join(''),
);

describe('keepEveryPrice', () => {
  it('keeps every price of a fuel in file order, repeats included, and rejects nothing', async () => {
    const { stations, summary, rejects } = await readAll(latin1(feedXml(YEARLY)), { keepEveryPrice: true });

    expect(rejects).toEqual([]);
    expect(stations[0]?.flags).toEqual([]);
    expect(stations[0]?.prices.map((p) => [p.fuel, p.price, p.updatedAt])).toEqual([
      ['Gazole', 1.7, '2023-11-20T08:00:00+01:00'],
      ['SP95', 1.85, '2023-11-20T08:00:00+01:00'],
      ['Gazole', 1.69, '2023-11-22T21:04:10+01:00'],
      ['Gazole', 1.71, '2023-11-21T07:30:00+01:00'],
      ['Gazole', 1.69, '2023-11-22T21:04:10+01:00'],
    ]);
    expect(summary.prices).toBe(5);
  });

  it('still flags outliers and rejects unreadable prices', async () => {
    const xml = feedXml(pdv({ id: '7' }, `${price(1, '1.7')}${price(1, '9.9')}${price(1, 'abc')}`));
    const { stations, rejects } = await readAll(latin1(xml), { keepEveryPrice: true });
    expect(stations[0]?.prices.map((p) => [p.price, p.outlier])).toEqual([
      [1.7, undefined],
      [9.9, true],
    ]);
    expect(rejects.map((r) => r.reason)).toEqual(['Gazole: unreadable price "abc"']);
  });

  it('is off by default: the first price of a fuel is kept, the others rejected', async () => {
    const { stations, rejects } = await readAll(latin1(feedXml(YEARLY)));
    expect(stations[0]?.prices.map((p) => [p.fuel, p.price])).toEqual([
      ['Gazole', 1.7],
      ['SP95', 1.85],
    ]);
    expect(rejects.map((r) => r.reason)).toEqual([
      'Gazole: second price, first kept',
      'Gazole: second price, first kept',
      'Gazole: second price, first kept',
    ]);
  });
});
