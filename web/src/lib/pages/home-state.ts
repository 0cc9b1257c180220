import type { NearbySort } from '../api.ts';
import { parseBrands } from '../brands.ts';
import type { Place } from '../position.ts';
import { FUELS, type FuelCode } from '../prefs.ts';

/** What Accueil searches for: the place and every filter, as its URL carries them (shareable searches). */
export interface HomeState {
  place: Place | null;
  fuel: FuelCode;
  radiusKm: number;
  road: 'R' | 'A' | null;
  openNow: boolean;
  inStock: boolean;
  /** Canonical brands to keep (several at once, `brand=A,B`); empty: every brand. */
  brands: string[];
  sort: NearbySort;
}

/**
 * The state from the URL's query, else what this tab and device remember (`saved`): the last place, the
 * fuel and the brands chosen last time. A URL with `brand=` (even empty) wins over the remembered brands.
 */
export function readHomeState(
  search: string,
  saved: { place: Place | null; fuel: FuelCode; brands: readonly string[] },
): HomeState {
  const q = new URLSearchParams(search);
  const lat = Number(q.get('lat'));
  const lon = Number(q.get('lon'));
  const fromUrl =
    q.has('lat') && Number.isFinite(lat) && Number.isFinite(lon)
      ? { lat, lon, label: q.get('label') ?? 'Lieu partagé' }
      : null;
  const road = q.get('road');
  return {
    place: fromUrl ?? saved.place,
    fuel: FUELS.find((f) => f.code === q.get('fuel'))?.code ?? saved.fuel,
    radiusKm: Number(q.get('radius')) || 10,
    road: road === 'R' || road === 'A' ? road : null,
    // Open now unless the URL says otherwise (issue 17: a closed station must not top the list).
    openNow: q.get('open') !== '0',
    inStock: q.get('stock') !== '0',
    brands: parseBrands(q.has('brand') ? q.getAll('brand') : saved.brands),
    sort: q.get('sort') === 'distance' ? 'distance' : 'price',
  };
}

/** The URL query of a search, which `readHomeState` reads back. */
export function homeQuery(state: HomeState & { place: Place }): URLSearchParams {
  const q = new URLSearchParams({
    lat: state.place.lat.toFixed(5),
    lon: state.place.lon.toFixed(5),
    label: state.place.label,
    fuel: state.fuel,
    radius: String(state.radiusKm),
    sort: state.sort,
  });
  if (state.road) q.set('road', state.road);
  if (!state.openNow) q.set('open', '0');
  if (!state.inStock) q.set('stock', '0');
  if (state.brands.length) q.set('brand', state.brands.join(','));
  return q;
}
