import { describe, expect, test } from 'vitest';
import type { NearbyResponse, NearbyStation } from '#shared/api/types.ts';
import { readHomeState } from '../../../web/src/lib/pages/home-state.ts';
import {
  nearPlaceView,
  placeSearchHref,
  placeSlots,
  type SavedPlace,
  withoutPlace,
  withPlace,
} from '../../../web/src/lib/saved-places.ts';

const NBSP = '\u00a0';
const maison: SavedPlace = { label: 'Maison', name: 'Lyon 3e Arrondissement', lat: 45.7597, lon: 4.8422 };
const travail: SavedPlace = { label: 'Travail', name: 'Villeurbanne', lat: 45.7719, lon: 4.8902 };
const at = (label: string): SavedPlace => ({ ...maison, label });

describe('the profile’s slots and edits', () => {
  test('Maison and Travail are offered until used, after the saved places, while there is room', () => {
    expect(placeSlots([])).toEqual([
      { label: 'Maison', place: null },
      { label: 'Travail', place: null },
    ]);
    expect(placeSlots([at('maison')])).toEqual([
      { label: 'maison', place: at('maison') },
      { label: 'Travail', place: null },
    ]);
    const five = ['Parents', 'Sport', 'École', 'Chalet', 'Plage'].map(at);
    expect(placeSlots(five).map((s) => s.label)).toEqual([...five.map((p) => p.label), 'Maison']);
  });

  test('a new place goes last; an edit keeps its position, renamed or moved', () => {
    expect(withPlace([maison], null, { ...travail, label: ' Travail ' })).toEqual([maison, travail]);
    const moved = { ...travail, label: 'Bureau' };
    expect(withPlace([maison, travail], 'Travail', moved)).toEqual([maison, moved]);
    // Renaming to its own label in another case is not a clash with itself.
    expect(withPlace([maison, travail], 'Maison', { ...maison, label: 'MAISON' })).toEqual([
      { ...maison, label: 'MAISON' },
      travail,
    ]);
    expect(withoutPlace([maison, travail], 'maison')).toEqual([travail]);
  });

  test('what cannot be saved says why, in French, naming the input', () => {
    expect(withPlace([maison, travail], null, { ...travail, label: 'travail' })).toEqual({
      error: 'Vous avez déjà un lieu nommé « Travail » : choisissez un autre nom.',
      field: 'label',
    });
    expect(withPlace([maison, travail], 'Travail', { ...travail, label: 'Maison' })).toMatchObject({
      field: 'label',
    });
    expect(withPlace([], null, at('  '))).toEqual({
      error: 'Donnez un nom à ce lieu, par exemple Maison.',
      field: 'label',
    });
    expect(withPlace([], null, at('x'.repeat(31)))).toMatchObject({ field: 'label' });
    const six = ['A', 'B', 'C', 'D', 'E', 'F'].map(at);
    expect(withPlace(six, null, at('G'))).toEqual({
      error: 'Vous avez déjà 6 lieux : supprimez-en un pour en ajouter un autre.',
      field: 'label',
    });
    expect(withPlace(six, 'A', at('G'))).toHaveLength(6);
  });
});

describe('searching around a place', () => {
  test('the link is an ordinary search URL: the home page reads back the place, fuel and radius', () => {
    const href = placeSearchHref(maison, 'SP98');
    expect(href.startsWith('/?')).toBe(true);
    const state = readHomeState(href.slice(1), { place: null, fuel: 'Gazole', brands: [] });
    expect(state).toMatchObject({
      place: { lat: 45.7597, lon: 4.8422, label: 'Lyon 3e Arrondissement' },
      fuel: 'SP98',
      radiusKm: 10,
      sort: 'price',
      openNow: false,
      inStock: true,
    });
  });
});

function station(id: string, price: number | null, over: Partial<NearbyStation> = {}): NearbyStation {
  return {
    id,
    lat: 45.76,
    lon: 4.84,
    cp: '69003',
    dept: '69',
    town: 'LYON',
    address: '12 cours Gambetta',
    road: 'R',
    name: null,
    brand: 'TotalEnergies',
    outOfStock: [],
    openNow: true,
    automat24: false,
    flags: { stalePrice: false, suspiciousCoordinates: false, feed: [] },
    distanceKm: 1.234,
    price:
      price === null
        ? null
        : {
            fuel: 'Gazole',
            fuelId: 1,
            price,
            updatedAt: '2026-12-03T09:00:00+01:00',
            ageHours: 3,
            stale: false,
            outlier: price < 0.5,
          },
    prices: [],
    ...over,
  };
}

const answer = (stations: NearbyStation[]) => ({ stations }) as unknown as NearbyResponse;

describe('Près de mes lieux', () => {
  test('the first usable price of the API’s price order, with its station, distance and age', () => {
    const view = nearPlaceView(
      maison,
      'Gazole',
      answer([station('69000001', 0.001), station('69000002', 1.689)]),
    );
    expect(view.text).toBe(`Gazole (B7) : 1,689${NBSP}€`);
    expect(view.station).toEqual({
      href: '/station/?id=69000002',
      title: 'TotalEnergies Lyon',
      detail: `à 1,2${NBSP}km · prix mis à jour il y a 3${NBSP}h`,
    });
    expect(view.searchHref).toBe(placeSearchHref(maison, 'Gazole'));
  });

  test('no station with a price nearby says so', () => {
    for (const stations of [[], [station('69000003', null)]]) {
      const view = nearPlaceView(maison, 'E85', answer(stations));
      expect(view.station).toBeNull();
      expect(view.text).toBe(`E85 (Superéthanol) : aucune station à moins de 10${NBSP}km n’a de prix.`);
    }
  });
});
