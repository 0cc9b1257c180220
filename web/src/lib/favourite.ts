/**
 * The signed-in driver's favourites as every page adds them (issue 17: the station page, a list row, a map
 * popup): asked once per page, kept in step by each add and remove, with one wording for their outcomes.
 */
import {
  ApiError,
  apiMessage,
  deleteFavourite,
  type FavouriteResponse,
  type FavouriteView,
  getFavourites,
  putFavourite,
} from './api.ts';
import { hasSession } from './auth.ts';
import { refs } from './dom.ts';

let mine: Promise<Map<string, FavouriteView>> | null = null;

/** The favourites by station id, fetched once per page (again after a failure). */
export function myFavourites(): Promise<Map<string, FavouriteView>> {
  mine ??= getFavourites()
    .then((res) => new Map(res.favourites.map((f) => [f.stationId, f])))
    .catch((error: unknown) => {
      mine = null;
      throw error;
    });
  return mine;
}

/** Adds the station (or renames it: `name` null clears the name) and tells every control on the page. */
export async function saveFavourite(stationId: string, name: string | null): Promise<FavouriteResponse> {
  const res = await putFavourite(stationId, name);
  (await mine?.catch(() => null))?.set(stationId, res.favourite);
  repaint(stationId, true);
  return res;
}

export async function removeFavourite(stationId: string): Promise<void> {
  await deleteFavourite(stationId);
  (await mine?.catch(() => null))?.delete(stationId);
  repaint(stationId, false);
}

/** Why a favourite was not saved, in French: the limit has its own sentence. */
export function favouriteFailure(error: unknown): string {
  return error instanceof ApiError && error.code === 'limit'
    ? 'Vous suivez déjà le nombre maximum de stations.'
    : apiMessage(error);
}

/** The sign-in page, coming back here (the search and its filters are in the URL) once signed in. */
export function signInHref(next = `${location.pathname}${location.search}`): string {
  return `/connexion/?next=${encodeURIComponent(next)}`;
}

/** Tells the driver an outcome (the page's live notice). */
export type Announce = (text: string, kind: 'ok' | 'error') => void;

const CONTROL = { favButton: HTMLButtonElement, favText: HTMLSpanElement, favSignIn: HTMLAnchorElement };

/**
 * Fills a components/list/FavouriteToggle.astro copy for one station: signed out, a link inviting to sign
 * in; signed in, "☆ Ajouter aux favoris" / "★ Retirer des favoris" changing in place. Its accessible name
 * carries the station's title, so fifty rows do not read fifty identical buttons.
 */
export function fillFavouriteToggle(
  control: HTMLElement,
  station: { id: string; title: string },
  announce: Announce,
): void {
  const r = refs(control, CONTROL);
  control.dataset.favStation = station.id;
  control.dataset.favTitle = station.title;
  if (!hasSession()) {
    r.favButton.remove();
    r.favSignIn.hidden = false;
    r.favSignIn.href = signInHref();
    r.favSignIn.setAttribute('aria-label', `Se connecter pour ajouter ${station.title} aux favoris`);
    return;
  }
  r.favSignIn.remove();
  r.favButton.disabled = true;
  r.favButton.hidden = false;
  myFavourites().then(
    (favourites) => paint(control, favourites.has(station.id)),
    // Without the list we cannot tell add from remove: the control stays off (the station page still can).
    () => {
      r.favButton.hidden = true;
    },
  );
  r.favButton.addEventListener('click', async () => {
    const button = r.favButton;
    const was = button.dataset.favourite === 'true';
    button.disabled = true;
    try {
      if (was) {
        await removeFavourite(station.id);
        announce(`${station.title} retirée de vos favoris.`, 'ok');
      } else {
        await saveFavourite(station.id, null);
        announce(`${station.title} ajoutée à vos favoris.`, 'ok');
      }
    } catch (error) {
      announce(`${was ? 'Favori non retiré' : 'Favori non enregistré'}. ${favouriteFailure(error)}`, 'error');
    } finally {
      button.disabled = false;
    }
  });
}

function paint(control: HTMLElement, isFavourite: boolean): void {
  const r = refs(control, { favButton: HTMLButtonElement, favText: HTMLSpanElement });
  const title = control.dataset.favTitle ?? '';
  const text = isFavourite ? 'Retirer des favoris' : 'Ajouter aux favoris';
  r.favButton.dataset.favourite = String(isFavourite);
  r.favButton.disabled = false;
  r.favText.textContent = `${isFavourite ? '★' : '☆'} ${text}`;
  r.favButton.setAttribute('aria-label', `${text} : ${title}`);
}

/** Every control of that station on the page (its row, its open popup) shows the new state. */
function repaint(stationId: string, isFavourite: boolean): void {
  for (const control of document.querySelectorAll<HTMLElement>(
    `[data-fav-station="${CSS.escape(stationId)}"]`,
  ))
    if (control.querySelector('[data-ref="favButton"]')) paint(control, isFavourite);
}
