import {
  apiMessage,
  deleteFavourite,
  type FavouriteView,
  getFavourites,
  putFavourite,
  search,
} from '../api.ts';
import { hasSession } from '../auth.ts';
import { busy, byId, h, show } from '../dom.ts';
import { formatAge, formatPrice } from '../format.ts';
import { fuelLabel } from '../prefs.ts';

let favourites: FavouriteView[] = [];

export function initFavourites(): void {
  if (!hasSession()) {
    byId('signin-prompt').hidden = false;
    return;
  }
  byId('favourites-area').hidden = false;
  void load();
  byId<HTMLFormElement>('add-search').addEventListener('submit', (event) => {
    event.preventDefault();
    void findStations(byId<HTMLInputElement>('add-q').value.trim());
  });
}

async function load(): Promise<void> {
  try {
    favourites = (await getFavourites()).favourites;
    render();
  } catch (error) {
    show(byId('favourites-msg'), `Impossible de charger vos stations. ${apiMessage(error)}`, 'error');
  }
}

function render(): void {
  byId('no-favourites').hidden = favourites.length > 0;
  byId('favourites').replaceChildren(...favourites.map(item));
}

function item(f: FavouriteView): HTMLElement {
  const s = f.station;
  const address = s ? `${s.address}, ${s.cp} ${s.town}` : `Station ${f.stationId} (plus dans le flux)`;
  const inputId = `name-${f.stationId}`;
  const form = h(
    'form',
    { novalidate: true, 'aria-label': `Renommer ${f.name ?? address}` },
    h(
      'div',
      { class: 'field' },
      h('label', { for: inputId }, 'Nom personnalisé'),
      h('input', {
        id: inputId,
        type: 'text',
        maxlength: 40,
        value: f.name ?? '',
        placeholder: 'Ex. : Travail',
      }),
    ),
    h('button', { type: 'submit', class: 'secondary' }, 'Renommer'),
    h(
      'button',
      { type: 'button', class: 'danger', 'data-remove': '', 'aria-label': `Retirer ${f.name ?? address}` },
      'Retirer',
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = (form.querySelector('input') as HTMLInputElement).value.trim();
    await busy(form, async () => {
      try {
        const { favourite } = await putFavourite(f.stationId, name || null);
        favourites = favourites.map((x) => (x.stationId === f.stationId ? favourite : x));
        render();
        show(byId('favourites-msg'), name ? `Station renommée « ${name} ».` : 'Nom retiré.', 'ok');
      } catch (error) {
        show(byId('favourites-msg'), `Nom non enregistré. ${apiMessage(error)}`, 'error');
      }
    });
  });
  form.querySelector('[data-remove]')?.addEventListener('click', async () => {
    await busy(form, async () => {
      try {
        await deleteFavourite(f.stationId);
        favourites = favourites.filter((x) => x.stationId !== f.stationId);
        render();
        show(byId('favourites-msg'), `${f.name ?? address} retirée de vos stations.`, 'ok');
      } catch (error) {
        show(byId('favourites-msg'), `Station non retirée. ${apiMessage(error)}`, 'error');
      }
    });
  });
  const prices = s?.prices ?? [];
  return h(
    'li',
    { class: 'card fav-item', 'data-station': f.stationId },
    h(
      'h2',
      { class: 'mt-0' },
      h('a', { href: `/station/?id=${encodeURIComponent(f.stationId)}` }, f.name ?? address),
    ),
    f.name ? h('p', { class: 'meta' }, address) : null,
    prices.length
      ? h(
          'p',
          { class: 'meta' },
          prices.map((p) =>
            h(
              'span',
              { class: 'badge badge-muted' },
              `${fuelLabel(p.fuel)} ${formatPrice(p.price)} · ${formatAge(p.ageHours)}`,
            ),
          ),
        )
      : null,
    form,
  );
}

async function findStations(q: string): Promise<void> {
  const msg = byId('add-msg');
  const list = byId('add-results');
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
    list.replaceChildren(
      ...rows.map((s) => {
        const button = h('button', { type: 'button', class: 'secondary' }, 'Ajouter');
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            const { favourite } = await putFavourite(s.id, null);
            favourites = [...favourites, favourite];
            render();
            button.closest('li')?.remove();
            show(msg, `${s.address}, ${s.town} ajoutée à vos stations.`, 'ok');
          } catch (error) {
            button.disabled = false;
            show(msg, `Station non ajoutée. ${apiMessage(error)}`, 'error');
          }
        });
        return h(
          'li',
          { class: 'card fav-item' },
          h('span', null, h('strong', null, s.address), ` — ${s.cp} ${s.town}`),
          h(
            'div',
            { class: 'actions' },
            button,
            h('a', { href: `/station/?id=${encodeURIComponent(s.id)}` }, 'Voir la station'),
          ),
        );
      }),
    );
  } catch (error) {
    show(msg, apiMessage(error), 'error');
  }
}
