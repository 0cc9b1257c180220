/**
 * Saved places on the site (issue 19 item 6, docs/WEB.md "Mes lieux"): the profile's slots and edits, the
 * home page's search around a place, and the dashboard's "Près de mes lieux" lines. Pure: unit tested.
 */
import { labelKey, PLACE_LIMITS, type SavedPlace, SUGGESTED_LABELS } from '#shared/domain/places.ts';
import { stationHeading } from '#shared/domain/station-heading.ts';
import type { NearbyResponse } from './api.ts';
import { formatAge, formatDistance, formatPrice } from './format.ts';
import { homeQuery } from './pages/home-state.ts';
import type { Place } from './position.ts';
import { type FuelCode, fuelLabel } from './prefs.ts';

export type { SavedPlace };

/**
 * "Near" a saved place: the home page's default radius, the one the alert rules use around a place too. The
 * profile has no radius of its own, and the link "Voir les stations" opens the same search.
 */
export const NEAR_PLACE_KM = 10;

export interface PlaceSlot {
  label: string;
  /** null: a suggested slot ("Maison", "Travail") not chosen yet. */
  place: SavedPlace | null;
}

/** The saved places in their order, then the suggested labels not used yet (while there is room). */
export function placeSlots(places: readonly SavedPlace[]): PlaceSlot[] {
  const used = new Set(places.map((p) => labelKey(p.label)));
  const free = SUGGESTED_LABELS.filter((l) => !used.has(labelKey(l))).slice(
    0,
    Math.max(0, PLACE_LIMITS.max - places.length),
  );
  return [
    ...places.map((place) => ({ label: place.label, place })),
    ...free.map((label) => ({ label, place: null })),
  ];
}

export type PlaceEdit = SavedPlace[] | { error: string; field: 'label' | 'place' };

/**
 * The list with `next` saved in place of the one labelled `original` (its label before this edit; a rename
 * keeps its position), or added at the end; or why not, in French, naming the input at fault. The API checks
 * the same rules (shared/domain/places.ts): this only says it first, in the driver's words.
 */
export function withPlace(
  places: readonly SavedPlace[],
  original: string | null,
  next: SavedPlace,
): PlaceEdit {
  const label = next.label.trim();
  const { min, max } = PLACE_LIMITS.label;
  if ([...label].length < min)
    return { error: 'Donnez un nom à ce lieu, par exemple Maison.', field: 'label' };
  if ([...label].length > max)
    return { error: `Le nom du lieu fait au plus ${max} caractères.`, field: 'label' };
  const index = original === null ? -1 : places.findIndex((p) => labelKey(p.label) === labelKey(original));
  const clash = places.find((p, i) => i !== index && labelKey(p.label) === labelKey(label));
  if (clash)
    return {
      error: `Vous avez déjà un lieu nommé « ${clash.label} » : choisissez un autre nom.`,
      field: 'label',
    };
  const saved = { ...next, label };
  if (index >= 0) return places.map((p, i) => (i === index ? saved : p));
  if (places.length >= PLACE_LIMITS.max)
    return {
      error: `Vous avez déjà ${PLACE_LIMITS.max} lieux : supprimez-en un pour en ajouter un autre.`,
      field: 'label',
    };
  return [...places, saved];
}

export function withoutPlace(places: readonly SavedPlace[], label: string): SavedPlace[] {
  return places.filter((p) => labelKey(p.label) !== labelKey(label));
}

/** Where a search around the place goes: its display name, as a search for it would say it. */
export function searchPlace(p: SavedPlace): Place {
  return { lat: p.lat, lon: p.lon, label: p.name };
}

/**
 * The home page's URL of a search around the place (the same shape as any search: shared and reloaded), with
 * the filters of the dashboard's line (`nearPlaceView`), so the station it names tops that list.
 */
export function placeSearchHref(p: SavedPlace, fuel: FuelCode): string {
  const q = homeQuery({
    place: searchPlace(p),
    fuel,
    radiusKm: NEAR_PLACE_KM,
    road: null,
    openNow: false,
    inStock: true,
    brands: [],
    sort: 'price',
  });
  return `/?${q}`;
}

export interface NearPlaceView {
  fuel: FuelCode;
  /** "Gazole : 1,689 €", or what there is instead. */
  text: string;
  /** The cheapest station: its page and its name; null when there is none nearby. */
  station: { href: string; title: string; detail: string } | null;
  searchHref: string;
}

/**
 * One dashboard line from GET /api/stations sorted by price around the place: the first station with a usable
 * price (the API puts outliers and shortages without a price last), or that there is none within reach.
 */
export function nearPlaceView(p: SavedPlace, fuel: FuelCode, res: NearbyResponse): NearPlaceView {
  const searchHref = placeSearchHref(p, fuel);
  const best = res.stations.find((s) => s.price && !s.price.outlier);
  if (!best?.price)
    return {
      fuel,
      text: `${fuelLabel(fuel)} : aucune station à moins de ${formatDistance(NEAR_PLACE_KM)} n’a de prix.`,
      station: null,
      searchHref,
    };
  const { title } = stationHeading(best);
  return {
    fuel,
    text: `${fuelLabel(fuel)} : ${formatPrice(best.price.price)}`,
    station: {
      href: `/station/?id=${encodeURIComponent(best.id)}`,
      title,
      detail: `à ${formatDistance(best.distanceKm)} · prix mis à jour ${formatAge(best.price.ageHours)}`,
    },
    searchHref,
  };
}
