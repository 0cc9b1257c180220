import { describe, expect, it } from 'vitest';
import type { Price, Station } from '#shared/domain/station.ts';
import { decodeSeries } from '#shared/history/format.ts';
import { stationYear } from '#shared/history/series.ts';
import type { StoredSeries } from '#shared/history/types.ts';

const gazole = (updatedAt: string, price: number, outlier?: boolean): Price => ({
  fuel: 'Gazole',
  fuelId: 1,
  price,
  updatedAt,
  ...(outlier ? { outlier } : {}),
});

const station = (prices: Price[]): Station => ({
  id: '69001001',
  lat: 45.76,
  lon: 4.83,
  cp: '69001',
  dept: '69',
  town: 'Lyon',
  address: '1 rue X',
  road: 'R',
  prices,
  outOfStock: [],
  services: [],
  hours: null,
  closure: null,
  flags: [],
});

const points = (prices: Price[], year = 2023) => {
  const series = stationYear(station(prices), year)?.series.Gazole;
  return decodeSeries(series as StoredSeries);
};

describe('stationYear', () => {
  it('sorts by instant, keeps the carried point from before the year only, and stores repeats once', () => {
    const year = stationYear(
      station([
        gazole('2023-03-01T10:00:00+01:00', 1.8),
        gazole('2022-06-01T10:00:00+02:00', 1.9),
        gazole('2022-12-20T10:00:00+01:00', 1.75),
        gazole('2023-03-01T10:00:00+01:00', 1.8),
        gazole('2023-02-01T10:00:00+01:00', 1.78),
        { fuel: 'SP95', fuelId: 2, price: 1.85, updatedAt: '2023-01-05T09:00:00+01:00' },
      ]),
      2023,
    );
    expect(year).toMatchObject({ v: 1, station: '69001001', year: 2023, dept: '69' });
    expect(decodeSeries(year?.series.Gazole as StoredSeries)).toEqual([
      { at: '2022-12-20T10:00:00+01:00', price: 1.75 },
      { at: '2023-02-01T10:00:00+01:00', price: 1.78 },
      { at: '2023-03-01T10:00:00+01:00', price: 1.8 },
    ]);
    expect(decodeSeries(year?.series.SP95 as StoredSeries)).toEqual([
      { at: '2023-01-05T09:00:00+01:00', price: 1.85 },
    ]);
    expect(year?.series.Gazole?.f).toBeUndefined();
  });

  it('keeps two prices at the same instant in file order', () => {
    expect(
      points([gazole('2023-03-01T10:00:00+01:00', 1.8), gazole('2023-03-01T10:00:00+01:00', 1.79)]),
    ).toEqual([
      { at: '2023-03-01T10:00:00+01:00', price: 1.8 },
      { at: '2023-03-01T10:00:00+01:00', price: 1.79 },
    ]);
  });

  it("flags the reader's outliers and prices outside the plausible range", () => {
    expect(
      points([
        gazole('2023-03-01T10:00:00+01:00', 1.8),
        gazole('2023-03-02T10:00:00+01:00', 0.179, true),
        gazole('2023-03-03T10:00:00+01:00', 5.2),
        gazole('2023-03-04T10:00:00+01:00', 1.81),
      ]).map((p) => p.flag),
    ).toEqual([undefined, 'outlier', 'outlier', undefined]);
  });

  it('flags a change undone within 15 minutes as reverted, not one undone later', () => {
    expect(
      points([
        gazole('2023-03-01T10:00:00+01:00', 1.8),
        gazole('2023-03-01T10:05:00+01:00', 1.08),
        gazole('2023-03-01T10:20:00+01:00', 1.8),
        gazole('2023-03-02T10:00:00+01:00', 1.75),
        gazole('2023-03-02T12:00:00+01:00', 1.8),
      ]).map((p) => [p.price, p.flag]),
    ).toEqual([
      [1.8, undefined],
      [1.08, 'reverted'],
      [1.8, undefined],
      [1.75, undefined],
      [1.8, undefined],
    ]);
  });

  it('is null for a station without any price', () => {
    expect(stationYear(station([]), 2023)).toBeNull();
  });
});
