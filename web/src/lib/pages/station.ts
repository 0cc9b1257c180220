import {
  ApiError,
  apiMessage,
  deleteFavourite,
  getFavourites,
  getHistory,
  getStation,
  type HistoryResponse,
  putFavourite,
  type StationDetail,
} from '../api.ts';
import { hasSession } from '../auth.ts';
import { directionLinks } from '../directions.ts';
import { busy, byId, h, param, show, whenVisible } from '../dom.ts';
import { formatDate, formatPrice, ordinal } from '../format.ts';
import { fuelLabel, savedFuel } from '../prefs.ts';
import { openBadge, priceAge } from '../station-row.ts';

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export async function initStation(): Promise<void> {
  const id = param('id') ?? '';
  const msg = byId('station-msg');
  if (!/^\d{6,9}$/.test(id)) {
    show(msg, 'Adresse de station invalide. Cherchez la station depuis la page « Autour de moi ».', 'error');
    return;
  }
  show(msg, 'Chargement de la station…', 'info');
  try {
    const { station } = await getStation(id);
    show(msg, null);
    render(station);
  } catch (error) {
    const text =
      error instanceof ApiError && error.status === 404
        ? 'Cette station n’existe pas ou n’est plus dans le flux officiel.'
        : `Impossible d’afficher la station. ${apiMessage(error)}`;
    show(msg, text, 'error');
  }
}

function render(s: StationDetail): void {
  byId('station').hidden = false;
  const title = s.address || `Station de ${s.town}`;
  document.title = `${title}, ${s.town} · Plein`;
  byId('station-title').textContent = title;
  byId('station-where').textContent = `${s.cp} ${s.town} · département ${s.dept}`;
  byId('station-badges').replaceChildren(
    h(
      'span',
      { class: 'actions' },
      openBadge(s),
      s.road === 'A' ? h('span', { class: 'badge badge-muted' }, 'Autoroute') : null,
      s.closure
        ? h('span', { class: 'badge badge-closed' }, `Fermeture ${s.closure.type || ''}`.trim())
        : null,
    ),
  );
  renderPrices(s);
  renderHours(s);
  renderServices(s);
  renderWhere(s);
  void initFavourite(s);
  initHistory(s);
}

function renderPrices(s: StationDetail): void {
  byId('no-prices').hidden = s.prices.length > 0;
  byId('prices').replaceChildren(
    ...s.prices.map((p) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, fuelLabel(p.fuel)),
        h(
          'td',
          { class: 'num' },
          formatPrice(p.price),
          p.outlier ? h('span', { class: 'badge badge-stale' }, 'Prix douteux') : null,
        ),
        h('td', null, priceAge(p)),
        h(
          'td',
          null,
          p.rank
            ? [
                h('span', null, `${ordinal(p.rank.dept.rank)} sur ${p.rank.dept.of} dans le ${s.dept}`),
                h('br'),
                h(
                  'span',
                  { class: 'age' },
                  `${ordinal(p.rank.national.rank)} sur ${p.rank.national.of} en France`,
                ),
              ]
            : h('span', { class: 'age' }, 'Non classé (prix ancien ou douteux)'),
        ),
      ),
    ),
  );
  const stock = s.outOfStockDetails;
  byId('stock').hidden = stock.length === 0;
  byId('stock-list').replaceChildren(
    ...stock.map((o) =>
      h(
        'li',
        { class: 'badge-stock' },
        `${fuelLabel(o.fuel)} : rupture${o.type === 'definitive' ? ' définitive' : o.type === 'temporaire' ? ' temporaire' : ''}${o.since ? ` depuis le ${formatDate(o.since)}` : ''}`,
      ),
    ),
  );
}

/** Monday = 1 … Sunday = 7, in Paris. */
function parisWeekday(): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short' }).format(
    new Date(),
  );
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}

function renderHours(s: StationDetail): void {
  const hours = s.hours;
  // Days without ranges and not closed say nothing: a station with only those has unknown hours.
  const known = hours?.days.some((d) => d.closed || d.ranges.length > 0) ?? false;
  byId('hours-table').hidden = !known && !hours?.automat24;
  byId('hours-none').hidden = known || Boolean(hours?.automat24);
  if (!hours) return;
  const today = parisWeekday();
  const rows = known
    ? hours.days.map((d) => {
        const text = d.closed
          ? 'Fermé'
          : d.ranges.length
            ? d.ranges.map((r) => `${r.open.replace(':', ' h ')} – ${r.close.replace(':', ' h ')}`).join(', ')
            : 'Non précisé';
        const isToday = d.day === today;
        return h(
          'tr',
          { class: isToday ? 'today' : null, 'aria-current': isToday ? 'date' : null },
          h('th', { scope: 'row' }, DAYS[d.day - 1] ?? '', isToday ? ' (aujourd’hui)' : ''),
          h('td', null, text),
        );
      })
    : [];
  if (hours.automat24)
    rows.unshift(
      h('tr', null, h('th', { scope: 'row' }, 'Automate'), h('td', null, 'Paiement par carte 24 h/24')),
    );
  byId('hours').replaceChildren(...rows);
}

function renderServices(s: StationDetail): void {
  byId('services').replaceChildren(...s.services.map((name) => h('li', null, name)));
  byId('services-none').hidden = s.services.length > 0;
}

function renderWhere(s: StationDetail): void {
  byId('coords-warning').hidden = !s.flags.suspiciousCoordinates;
  const mapElement = byId('station-map');
  if (s.lat === null || s.lon === null) {
    mapElement.classList.add('map-placeholder');
    mapElement.textContent = 'Position inconnue dans le flux officiel.';
    return;
  }
  const { lat, lon } = s;
  byId('directions').replaceChildren(
    h('span', null, 'Itinéraire :'),
    ...directionLinks(lat, lon).map((l) =>
      h(
        'a',
        {
          href: l.href,
          class: 'button secondary',
          ...(l.href.startsWith('http') ? { target: '_blank', rel: 'noopener' } : {}),
        },
        l.label,
      ),
    ),
  );
  whenVisible(mapElement, () => {
    void import('../map.ts')
      .then(({ StationMap }) => {
        const map = new StationMap(mapElement, { lat, lon }, 15);
        const current = s.prices.find((p) => p.fuel === savedFuel()) ?? s.prices[0];
        map.show(
          [
            {
              id: s.id,
              lat,
              lon,
              label: current ? current.price.toFixed(3).replace('.', ',') : '⛽',
              level: null,
              title: s.address,
              href: location.href,
            },
          ],
          null,
        );
      })
      .catch(() => {
        mapElement.textContent = 'La carte n’a pas pu être chargée.';
      });
  });
}

async function initFavourite(s: StationDetail): Promise<void> {
  if (!hasSession()) {
    byId('favourite-signed-out').hidden = false;
    byId<HTMLAnchorElement>('favourite-signin').href =
      `/connexion/?next=${encodeURIComponent(`/station/?id=${s.id}`)}`;
    return;
  }
  const form = byId<HTMLFormElement>('favourite-form');
  const name = byId<HTMLInputElement>('favourite-name');
  const save = byId('favourite-save');
  const remove = byId('favourite-remove');
  form.hidden = false;
  const setState = (isFavourite: boolean, current: string | null) => {
    save.textContent = isFavourite ? 'Renommer' : 'Ajouter aux favoris';
    remove.hidden = !isFavourite;
    byId('favourite-state').textContent = isFavourite
      ? `Dans vos stations${current ? ` sous le nom « ${current} »` : ''}.`
      : 'Cette station n’est pas dans vos favoris.';
    name.value = current ?? '';
  };
  try {
    const fav = (await getFavourites()).favourites.find((f) => f.stationId === s.id);
    setState(Boolean(fav), fav?.name ?? null);
  } catch (error) {
    show(byId('favourite-msg'), apiMessage(error), 'error');
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show(byId('favourite-msg'), null);
    await busy(form, async () => {
      try {
        const { favourite, created } = await putFavourite(s.id, name.value.trim() || null);
        setState(true, favourite.name);
        show(byId('favourite-msg'), created ? 'Station ajoutée à vos favoris.' : 'Nom enregistré.', 'ok');
      } catch (error) {
        const text =
          error instanceof ApiError && error.code === 'limit'
            ? 'Vous suivez déjà le nombre maximum de stations.'
            : apiMessage(error);
        show(byId('favourite-msg'), `Favori non enregistré. ${text}`, 'error');
      }
    });
  });
  remove.addEventListener('click', async () => {
    await busy(form, async () => {
      try {
        await deleteFavourite(s.id);
        setState(false, null);
        show(byId('favourite-msg'), 'Station retirée de vos favoris.', 'ok');
      } catch (error) {
        show(byId('favourite-msg'), apiMessage(error), 'error');
      }
    });
  });
}

function initHistory(s: StationDetail): void {
  const select = byId<HTMLSelectElement>('history-fuel');
  const fuels = s.prices.map((p) => p.fuel);
  select.replaceChildren(...fuels.map((f) => h('option', { value: f }, fuelLabel(f))));
  const preferred = savedFuel();
  if (fuels.includes(preferred)) select.value = preferred;
  let days = 30;
  const cache = new Map<number, Promise<HistoryResponse>>();
  let cleanup: (() => void) | null = null;

  const draw = async () => {
    const summary = byId('history-summary');
    const chartElement = byId('chart');
    if (!fuels.length) {
      summary.textContent = 'Pas de prix, donc pas d’historique.';
      return;
    }
    summary.textContent = 'Chargement de l’historique…';
    try {
      let pending = cache.get(days);
      if (!pending) {
        pending = getHistory(s.id, days);
        cache.set(days, pending);
        pending.catch(() => cache.delete(days));
      }
      const [history, { drawChart }] = await Promise.all([pending, import('../chart.ts')]);
      const fuel = select.value;
      const series = history.series.find((x) => x.fuel === fuel);
      const points = series?.points ?? [];
      cleanup?.();
      cleanup = null;
      if (points.length === 0) {
        chartElement.replaceChildren();
        summary.textContent = `Aucun prix enregistré pour le ${fuelLabel(fuel)} sur ${days} jours.`;
        return;
      }
      const xs = points.map((p) => Math.floor(Date.parse(p.at) / 1000));
      const ys: (number | null)[] = points.map((p) => p.price);
      const end = Math.floor(Date.parse(history.to) / 1000);
      const last = series?.current?.price ?? points[points.length - 1]?.price ?? null;
      if (end > (xs[xs.length - 1] ?? 0)) {
        xs.push(end);
        ys.push(last);
      }
      const values = points.map((p) => p.price);
      const min = Math.min(...values);
      const max = Math.max(...values);
      summary.textContent = `${fuelLabel(fuel)} sur ${days} jours : de ${formatPrice(min)} à ${formatPrice(max)}, ${points.length} prix enregistré${points.length > 1 ? 's' : ''}${last !== null ? `, ${formatPrice(last)} aujourd’hui` : ''}.`;
      cleanup = drawChart(chartElement, xs, [
        { label: fuelLabel(fuel), color: '#0a58a8', values: ys, stepped: true },
      ]);
    } catch (error) {
      summary.textContent = `Historique indisponible. ${apiMessage(error)}`;
    }
  };

  select.addEventListener('change', () => void draw());
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-days]')) {
    button.addEventListener('click', () => {
      days = Number(button.dataset.days);
      for (const b of document.querySelectorAll<HTMLButtonElement>('[data-days]')) {
        b.setAttribute('aria-pressed', String(b === button));
      }
      void draw();
    });
  }
  // The chart is below the fold: uPlot and the history load when the section comes near.
  whenVisible(byId('history-fuel'), () => void draw());
}
