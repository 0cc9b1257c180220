import { PLACE_LIMITS } from '#shared/domain/places.ts';
import { apiMessage, type MeResponse, putMe } from '../api.ts';
import { busy, instantiate, refs, show } from '../dom.ts';
import type { Place } from '../position.ts';
import { placeSlots, type SavedPlace, withoutPlace, withPlace } from '../saved-places.ts';
import { attachSearchBox } from '../search-box.ts';
import { clear, fail } from './form-helpers.ts';

/** components/PlacesCard.astro's elements. */
const find = () =>
  refs(document, {
    placesMsg: HTMLElement,
    placesList: HTMLUListElement,
    placeAdd: HTMLButtonElement,
    placeForm: HTMLFormElement,
    placeFormTitle: HTMLElement,
    placeFormMsg: HTMLElement,
    placeLabel: HTMLInputElement,
    placeQuery: HTMLInputElement,
    placeSuggestions: HTMLElement,
    placeSuggestion: HTMLTemplateElement,
    placeCancel: HTMLButtonElement,
    placeItem: HTMLTemplateElement,
  });

/**
 * "Mes lieux" (issue 19 item 6): each save sends the whole list with PUT /api/me `places`. A failed save keeps
 * the editor as typed and the list as it was, with the reason.
 */
export function initPlaces(): { fill(me: MeResponse): void; failed(why: string): void } {
  const card = find();
  let places: SavedPlace[] = [];
  /** Nothing can be saved before the stored list is known: a save replaces the whole list. */
  let loaded = false;
  /** The label of the place being edited before this edit (null: a new one). */
  let editing: string | null = null;
  /** The place picked in the suggestions, while the search text is still its name. */
  let picked: Place | null = null;

  const box = attachSearchBox(
    { query: card.placeQuery, suggestions: card.placeSuggestions, suggestion: card.placeSuggestion },
    (place) => {
      picked = place;
    },
    { stations: false, idPrefix: 'place-sugg' },
  );

  const render = () => {
    if (!loaded) return;
    card.placesList.replaceChildren(
      ...placeSlots(places).map((slot) => {
        const { root, refs: r } = instantiate(card.placeItem, {
          label: HTMLElement,
          name: HTMLElement,
          edit: HTMLButtonElement,
          remove: HTMLButtonElement,
        });
        r.label.textContent = slot.label;
        r.name.textContent = slot.place ? slot.place.name : 'Pas encore choisi';
        r.edit.textContent = slot.place ? 'Modifier' : 'Choisir';
        r.edit.setAttribute('aria-label', `${slot.place ? 'Modifier' : 'Choisir'} ${slot.label}`);
        r.edit.addEventListener('click', () => open(slot.label, slot.place));
        r.remove.hidden = !slot.place;
        r.remove.setAttribute('aria-label', `Supprimer ${slot.label}`);
        r.remove.addEventListener('click', () => void remove(slot.label));
        return root;
      }),
    );
    const full = places.length >= PLACE_LIMITS.max;
    card.placeAdd.disabled = full;
    card.placeAdd.hidden = false;
    card.placeAdd.textContent = full ? `${PLACE_LIMITS.max} lieux au plus` : 'Ajouter un lieu';
  };

  const open = (label: string, place: SavedPlace | null) => {
    editing = place ? place.label : null;
    picked = place ? { lat: place.lat, lon: place.lon, label: place.name } : null;
    card.placeFormTitle.textContent = place
      ? `Modifier « ${place.label} »`
      : label
        ? `Choisir « ${label} »`
        : 'Ajouter un lieu';
    card.placeLabel.value = label;
    card.placeQuery.value = place?.name ?? '';
    clear(card.placeFormMsg, card.placeLabel, card.placeQuery);
    card.placeForm.hidden = false;
    (label ? card.placeQuery : card.placeLabel).focus();
  };

  const close = () => {
    card.placeForm.hidden = true;
    editing = null;
    picked = null;
  };

  const save = async (next: SavedPlace[], done: string): Promise<boolean> => {
    try {
      places = (await putMe({ places: next })).profile.places;
      render();
      show(card.placesMsg, done, 'ok');
      return true;
    } catch (error) {
      const text = `Lieux non enregistrés. ${apiMessage(error)}`;
      if (card.placeForm.hidden) show(card.placesMsg, text, 'error');
      else fail(card.placeFormMsg, text);
      return false;
    }
  };

  const remove = async (label: string) => {
    show(card.placesMsg, null);
    await save(withoutPlace(places, label), `« ${label} » supprimé.`);
    if (editing === label) close();
  };

  card.placeAdd.addEventListener('click', () => open('', null));
  card.placeCancel.addEventListener('click', close);
  card.placeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(card.placeFormMsg, card.placeLabel, card.placeQuery);
    await busy(card.placeForm, async () => {
      const text = card.placeQuery.value.trim();
      // Typed but not picked (or changed since): the best suggestion, as Enter on the home page does.
      let place = picked && picked.label === text ? picked : null;
      if (!place && text.length >= 2) {
        try {
          place = (await box.submit()) ?? null;
        } catch (error) {
          return fail(
            card.placeFormMsg,
            `Recherche du lieu impossible. ${apiMessage(error)}`,
            card.placeQuery,
          );
        }
      }
      if (!place)
        return fail(
          card.placeFormMsg,
          text
            ? `Aucun lieu trouvé pour « ${text} ». Essayez un code postal ou le nom de la commune.`
            : 'Cherchez le lieu puis choisissez-le dans les suggestions.',
          card.placeQuery,
        );
      const edit = withPlace(places, editing, {
        label: card.placeLabel.value,
        name: place.label,
        lat: place.lat,
        lon: place.lon,
      });
      if (!Array.isArray(edit))
        return fail(
          card.placeFormMsg,
          edit.error,
          edit.field === 'label' ? card.placeLabel : card.placeQuery,
        );
      const label = card.placeLabel.value.trim();
      if (await save(edit, `« ${label} » enregistré : ${place.label}.`)) close();
    });
  });

  show(card.placesMsg, 'Chargement de vos lieux…', 'info');
  return {
    fill(me) {
      places = me.profile.places;
      if (!loaded) show(card.placesMsg, null);
      loaded = true;
      render();
    },
    failed(why) {
      if (!loaded) show(card.placesMsg, `Impossible de charger vos lieux. ${why}`, 'error');
    },
  };
}
