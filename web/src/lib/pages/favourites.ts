import { stationHeading } from '#shared/domain/station-heading.ts';
import { apiMessage, type FavouriteView, getFavourites, type SearchStation, search } from '../api.ts';
import { hasSession } from '../auth.ts';
import { busy, instantiate, refs, show } from '../dom.ts';
import { favouriteFailure, removeFavourite, saveFavourite } from '../favourite.ts';
import { ageNow, formatAge, formatPrice } from '../format.ts';
import { fuelLabel } from '../prefs.ts';
import { loadView } from '../states.ts';
import { hitHeading } from '../station-text.ts';

let favourites: FavouriteView[] = [];

/** mes-stations.astro's elements and templates. */
type Page = ReturnType<typeof find>;
const find = () =>
  refs(document, {
    signinPrompt: HTMLElement,
    area: HTMLElement,
    msg: HTMLElement,
    loadState: HTMLDivElement,
    list: HTMLUListElement,
    empty: HTMLElement,
    addSearch: HTMLFormElement,
    addQuery: HTMLInputElement,
    addMsg: HTMLElement,
    addResults: HTMLUListElement,
    favouriteItem: HTMLTemplateElement,
    priceBadge: HTMLTemplateElement,
    foundItem: HTMLTemplateElement,
  });

export function initFavourites(): void {
  const page = find();
  if (!hasSession()) {
    page.signinPrompt.hidden = false;
    return;
  }
  page.area.hidden = false;
  void load(page);
  page.addSearch.addEventListener('submit', (event) => {
    event.preventDefault();
    void findStations(page, page.addQuery.value.trim());
  });
}

async function load(page: Page): Promise<void> {
  const state = loadView(page.loadState, [page.list]);
  const run = async (): Promise<void> => {
    page.empty.hidden = true;
    state.loading('Chargement de vos stations…');
    try {
      favourites = (await getFavourites()).favourites;
      state.done();
      render(page);
    } catch (error) {
      state.error(`Impossible de charger vos stations. ${apiMessage(error)}`, () => void run());
    }
  };
  await run();
}

function render(page: Page): void {
  page.empty.hidden = favourites.length > 0;
  page.list.replaceChildren(...favourites.map((f) => item(page, f)));
}

function item(page: Page, f: FavouriteView): HTMLElement {
  const { root, refs: r } = instantiate(page.favouriteItem, {
    link: HTMLAnchorElement,
    address: HTMLElement,
    prices: HTMLElement,
    form: HTMLFormElement,
    label: HTMLLabelElement,
    name: HTMLInputElement,
    remove: HTMLButtonElement,
  });
  const s = f.station;
  const heading = s ? stationHeading(s) : null;
  // The driver's own name first; the station's title then moves beneath, with its address.
  const title = f.name ?? heading?.title ?? `Station ${f.stationId} (plus dans le flux)`;
  root.dataset.station = f.stationId;
  r.link.href = `/station/?id=${encodeURIComponent(f.stationId)}`;
  r.link.textContent = title;
  if (heading) r.address.textContent = f.name ? `${heading.title} · ${heading.address}` : heading.address;
  else r.address.remove();
  const prices = s?.prices ?? [];
  if (prices.length)
    r.prices.append(
      ...prices.map((p) => {
        const badge = instantiate(page.priceBadge, {}).root;
        badge.textContent = `${fuelLabel(p.fuel)} ${formatPrice(p.price)} · ${formatAge(ageNow(p.updatedAt))}`;
        return badge;
      }),
    );
  else r.prices.remove();
  // The label needs the input's id: one per station.
  r.name.id = `name-${f.stationId}`;
  r.label.htmlFor = r.name.id;
  r.name.value = f.name ?? '';
  r.form.setAttribute('aria-label', `Renommer ${title}`);
  r.remove.setAttribute('aria-label', `Retirer ${title}`);

  const form = r.form;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = r.name.value.trim();
    await busy(form, async () => {
      try {
        const { favourite } = await saveFavourite(f.stationId, name || null);
        favourites = favourites.map((x) => (x.stationId === f.stationId ? favourite : x));
        render(page);
        show(page.msg, name ? `Station renommée « ${name} ».` : 'Nom retiré.', 'ok');
      } catch (error) {
        show(page.msg, `Nom non enregistré. ${apiMessage(error)}`, 'error');
      }
    });
  });
  r.remove.addEventListener('click', async () => {
    await busy(form, async () => {
      try {
        await removeFavourite(f.stationId);
        favourites = favourites.filter((x) => x.stationId !== f.stationId);
        render(page);
        show(page.msg, `${title} retirée de vos stations.`, 'ok');
      } catch (error) {
        show(page.msg, `Station non retirée. ${apiMessage(error)}`, 'error');
      }
    });
  });
  return root;
}

async function findStations(page: Page, q: string): Promise<void> {
  const msg = page.addMsg;
  if (q.length < 2) return show(msg, 'Tapez au moins deux caractères.', 'warn');
  show(msg, 'Recherche…', 'info');
  try {
    const res = await search(q);
    const known = new Set(favourites.map((f) => f.stationId));
    const rows = res.stations.filter((s) => !known.has(s.id)).slice(0, 20);
    show(
      msg,
      rows.length ? null : 'Aucune station trouvée : essayez un code postal ou le nom de la ville.',
      'warn',
    );
    page.addResults.replaceChildren(...rows.map((s) => found(page, s)));
  } catch (error) {
    show(msg, apiMessage(error), 'error');
  }
}

function found(page: Page, s: SearchStation): HTMLElement {
  const { root, refs: r } = instantiate(page.foundItem, {
    title: HTMLElement,
    address: HTMLElement,
    add: HTMLButtonElement,
    link: HTMLAnchorElement,
  });
  const heading = hitHeading(s);
  r.title.textContent = heading.title;
  r.address.textContent = heading.address;
  r.link.href = `/station/?id=${encodeURIComponent(s.id)}`;
  const button = r.add;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { favourite } = await saveFavourite(s.id, null);
      favourites = [...favourites, favourite];
      render(page);
      root.remove();
      show(page.addMsg, `${heading.title} ajoutée à vos stations.`, 'ok');
    } catch (error) {
      button.disabled = false;
      show(page.addMsg, `Station non ajoutée. ${favouriteFailure(error)}`, 'error');
    }
  });
  return root;
}
