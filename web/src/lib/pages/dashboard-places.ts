import { getMe, getNearby } from '../api.ts';
import { instantiate, refs } from '../dom.ts';
import { formatDistance } from '../format.ts';
import { type FuelCode, savedFuel } from '../prefs.ts';
import { NEAR_PLACE_KM, nearPlaceView, placeSearchHref, type SavedPlace } from '../saved-places.ts';

/**
 * "Près de mes lieux" (components/NearPlaces.astro): for each saved place and each followed fuel (the home
 * page's fuel before any is followed), the cheapest station within NEAR_PLACE_KM, from the public
 * GET /api/stations sorted by price, fetched by the browser like any search. Out of stock is left out; opening
 * hours are not (a place is where the driver will be, not where they are now).
 */
export async function showNearPlaces(): Promise<void> {
  const ui = refs(document, {
    nearPlaces: HTMLElement,
    nearPlacesLead: HTMLElement,
    nearPlacesNone: HTMLElement,
    nearPlacesList: HTMLUListElement,
    nearPlaceItem: HTMLTemplateElement,
    nearFuelItem: HTMLTemplateElement,
  });
  let places: SavedPlace[];
  let fuels: FuelCode[];
  try {
    const { profile } = await getMe();
    places = profile.places;
    fuels = profile.fuels.length ? profile.fuels : [savedFuel()];
  } catch {
    return; // the dashboard above says what failed
  }
  ui.nearPlaces.hidden = false;
  ui.nearPlacesNone.hidden = places.length > 0;
  ui.nearPlacesLead.hidden = places.length === 0;
  ui.nearPlacesLead.textContent = `La station la moins chère à moins de ${formatDistance(NEAR_PLACE_KM)} de chacun de vos lieux.`;
  ui.nearPlacesList.replaceChildren(
    ...places.map((place) => {
      const { root, refs: r } = instantiate(ui.nearPlaceItem, {
        label: HTMLElement,
        name: HTMLElement,
        fuels: HTMLUListElement,
      });
      r.label.textContent = place.label;
      r.name.textContent = place.name;
      r.fuels.replaceChildren(...fuels.map((fuel) => fuelLine(ui.nearFuelItem, place, fuel)));
      return root;
    }),
  );
}

function fuelLine(template: HTMLTemplateElement, place: SavedPlace, fuel: FuelCode): HTMLElement {
  const { root, refs: r } = instantiate(template, {
    text: HTMLElement,
    station: HTMLAnchorElement,
    detail: HTMLElement,
    search: HTMLAnchorElement,
  });
  r.text.textContent = 'Chargement…';
  r.station.hidden = true;
  r.search.href = placeSearchHref(place, fuel);
  r.search.textContent = `Voir les stations autour de ${place.label}`;
  getNearby({
    lat: place.lat,
    lon: place.lon,
    radiusKm: NEAR_PLACE_KM,
    fuel,
    sort: 'price',
    inStock: true,
    limit: 5,
  })
    .then((res) => {
      const view = nearPlaceView(place, fuel, res);
      r.text.textContent = view.text;
      if (view.station) {
        r.station.hidden = false;
        r.station.href = view.station.href;
        r.station.textContent = view.station.title;
        r.detail.textContent = view.station.detail;
      }
    })
    .catch(() => {
      r.text.textContent = 'Prix indisponibles pour le moment.';
    });
  return root;
}
