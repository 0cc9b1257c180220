import { getMe } from './api.ts';
import { instantiate, refs } from './dom.ts';
import type { Place } from './position.ts';
import { searchPlace } from './saved-places.ts';

/**
 * Accueil's saved-place chips (components/list/PlaceChips.astro), imported only when signed in: `onPick` runs
 * the search around the place, so the URL is any search's. Without saved places, a link to set them up; when
 * the profile cannot be read, nothing (the search works without).
 */
export async function showPlaceChips(onPick: (place: Place) => void): Promise<void> {
  const ui = refs(document, {
    placeChips: HTMLElement,
    placeChipList: HTMLUListElement,
    placeChipsSetup: HTMLAnchorElement,
    placeChip: HTMLTemplateElement,
  });
  let places: Awaited<ReturnType<typeof getMe>>['profile']['places'];
  try {
    places = (await getMe()).profile.places;
  } catch {
    return;
  }
  ui.placeChipList.replaceChildren(
    ...places.map((p) => {
      const { root, refs: r } = instantiate(ui.placeChip, { chip: HTMLButtonElement });
      r.chip.textContent = p.label;
      r.chip.title = `Stations autour de ${p.name}`;
      r.chip.addEventListener('click', () => onPick(searchPlace(p)));
      return root;
    }),
  );
  ui.placeChipsSetup.hidden = places.length > 0;
  ui.placeChips.hidden = false;
}
