import { describe, expect, test } from 'vitest';
import { demoFuels, nearestStations } from '#shared/domain/demo.ts';
import { makeStation, recentPrices } from '../../helpers/station.ts';

describe('demo', () => {
  const stations = [
    makeStation('far', { lat: 45.76, lon: 4.83, prices: recentPrices({ Gazole: 1.7 }) }), // Lyon
    makeStation('near', { lat: 48.851, lon: 2.351, prices: recentPrices({ Gazole: 1.8, E10: 1.9 }) }),
    makeStation('nearer', { lat: 48.8501, lon: 2.3501, prices: recentPrices({ Gazole: 1.75, SP98: 1.95 }) }),
    makeStation('noprice', { lat: 48.85, lon: 2.35, prices: [] }),
    makeStation('nocoords', { lat: null, lon: null, prices: recentPrices({ Gazole: 1.6 }) }),
  ];

  test('nearest stations with coordinates and a price, within the radius, closest first', () => {
    expect(nearestStations(stations, 48.85, 2.35).map((n) => n.station.id)).toEqual(['nearer', 'near']);
    expect(nearestStations(stations, 48.85, 2.35, 1).map((n) => n.station.id)).toEqual(['nearer']);
    expect(nearestStations(stations, 43.3, 5.4)).toEqual([]);
  });

  test('the fuels most of them sell, ties in feed order; Gazole and E10 when nothing is known', () => {
    expect(demoFuels(stations.slice(1, 3))).toEqual(['Gazole', 'E10']);
    expect(demoFuels([makeStation('x', { prices: recentPrices({ SP98: 1.9 }) })])).toEqual(['SP98']);
    expect(demoFuels([])).toEqual(['Gazole', 'E10']);
  });
});
