import { apiMessage, type StationDetail } from '../api.ts';
import { hasSession } from '../auth.ts';
import { busy, refs, show } from '../dom.ts';
import { favouriteFailure, myFavourites, removeFavourite, saveFavourite, signInHref } from '../favourite.ts';

/** The favourite card of the station page (components/station/FavouriteCard.astro). */
export async function initFavourite(s: StationDetail): Promise<void> {
  const ui = refs(document, {
    signedOut: HTMLParagraphElement,
    signIn: HTMLAnchorElement,
    form: HTMLFormElement,
    state: HTMLParagraphElement,
    name: HTMLInputElement,
    save: HTMLButtonElement,
    remove: HTMLButtonElement,
    favouriteMsg: HTMLDivElement,
  });
  if (!hasSession()) {
    ui.signedOut.hidden = false;
    ui.signIn.href = signInHref(`/station/?id=${s.id}`);
    return;
  }
  const msg = ui.favouriteMsg;
  const { form, name, save, remove } = ui;
  form.hidden = false;
  const setState = (isFavourite: boolean, current: string | null) => {
    save.textContent = isFavourite ? 'Renommer' : 'Ajouter aux favoris';
    remove.hidden = !isFavourite;
    ui.state.textContent = isFavourite
      ? `Dans vos stations${current ? ` sous le nom « ${current} »` : ''}.`
      : 'Cette station n’est pas dans vos favoris.';
    name.value = current ?? '';
  };
  try {
    const fav = (await myFavourites()).get(s.id);
    setState(Boolean(fav), fav?.name ?? null);
  } catch (error) {
    show(msg, apiMessage(error), 'error');
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show(msg, null);
    await busy(form, async () => {
      try {
        const { favourite, created } = await saveFavourite(s.id, name.value.trim() || null);
        setState(true, favourite.name);
        show(msg, created ? 'Station ajoutée à vos favoris.' : 'Nom enregistré.', 'ok');
      } catch (error) {
        show(msg, `Favori non enregistré. ${favouriteFailure(error)}`, 'error');
      }
    });
  });
  remove.addEventListener('click', async () => {
    await busy(form, async () => {
      try {
        await removeFavourite(s.id);
        setState(false, null);
        show(msg, 'Station retirée de vos favoris.', 'ok');
      } catch (error) {
        show(msg, apiMessage(error), 'error');
      }
    });
  });
}
