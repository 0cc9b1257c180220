import { describe, expect, test } from 'vitest';
import { homeQuery, readHomeState } from '../../../web/src/lib/pages/home-state.ts';

const saved = { place: null, fuel: 'Gazole' as const, brands: ['Auchan'] };

describe('Accueil’s state in its URL', () => {
  test('the brands travel as brand=A,B and come back in order', () => {
    const state = readHomeState(
      '?lat=45.15&lon=1.53&label=Brive&fuel=E10&brand=TotalEnergies,E.Leclerc',
      saved,
    );
    expect(state).toMatchObject({
      place: { lat: 45.15, lon: 1.53, label: 'Brive' },
      fuel: 'E10',
      brands: ['TotalEnergies', 'E.Leclerc'],
    });
    if (!state.place) throw new Error('place');
    const q = homeQuery({ ...state, place: state.place });
    expect(q.get('brand')).toBe('TotalEnergies,E.Leclerc');
    expect(readHomeState(`?${q}`, saved)).toEqual(state);
  });

  test('without brand= the device’s remembered brands apply; no brand chosen leaves it out of the URL', () => {
    const state = readHomeState('?lat=45.15&lon=1.53', saved);
    expect(state.brands).toEqual(['Auchan']);
    expect(readHomeState('?brand=', saved).brands).toEqual([]);
    const q = homeQuery({ ...state, brands: [], place: { lat: 45.15, lon: 1.53, label: 'Brive' } });
    expect(q.has('brand')).toBe(false);
  });

  test('open now is the default; open=0 turns it off and travels back', () => {
    expect(readHomeState('?lat=45.15&lon=1.53', saved).openNow).toBe(true);
    const off = readHomeState('?lat=45.15&lon=1.53&open=0', saved);
    expect(off.openNow).toBe(false);
    if (!off.place) throw new Error('place');
    expect(homeQuery({ ...off, place: off.place }).get('open')).toBe('0');
    const on = homeQuery({ ...off, openNow: true, place: off.place });
    expect(on.has('open')).toBe(false);
  });

  test('the other filters keep their defaults', () => {
    expect(readHomeState('', { ...saved, brands: [] })).toEqual({
      place: null,
      fuel: 'Gazole',
      radiusKm: 10,
      road: null,
      openNow: true,
      inStock: true,
      brands: [],
      sort: 'price',
    });
  });
});
