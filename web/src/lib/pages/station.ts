import { rankNote } from '#shared/domain/ranking.ts';
import { hasOsmName, type StationHeading, stationHeading } from '#shared/domain/station-heading.ts';
import { ApiError, apiMessage, getStation, type StationDetail } from '../api.ts';
import { DIRECTION_REFS, fillDirections } from '../directions.ts';
import { instantiate, param, refs, whenVisible } from '../dom.ts';
import { formatPrice, ordinal } from '../format.ts';
import { fuelLabel, savedFuel } from '../prefs.ts';
import { stationLink } from '../share.ts';
import { attachShare } from '../share-button.ts';
import { loadView } from '../states.ts';
import { fillOpenBadge, fillPriceAge } from '../station-row.ts';
import { stockText } from '../station-text.ts';
import { initFavourite } from './station-favourite.ts';
import { initFillDays } from './station-fill-days.ts';
import { initHistory } from './station-history.ts';

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** The page's elements (pages/station.astro and components/station/*), found once. */
const page = () =>
  refs(document, {
    loadState: HTMLDivElement,
    station: HTMLElement,
    title: HTMLHeadingElement,
    where: HTMLParagraphElement,
    dept: HTMLSpanElement,
    credit: HTMLSpanElement,
    open: HTMLSpanElement,
    motorway: HTMLSpanElement,
    closure: HTMLSpanElement,
    prices: HTMLTableSectionElement,
    priceRow: HTMLTemplateElement,
    noPrices: HTMLParagraphElement,
    rankNote: HTMLParagraphElement,
    stock: HTMLDivElement,
    stockList: HTMLUListElement,
    stockItem: HTMLTemplateElement,
    map: HTMLElement,
    coordsWarning: HTMLParagraphElement,
    ...DIRECTION_REFS,
    hoursTable: HTMLTableElement,
    hours: HTMLTableSectionElement,
    hoursRow: HTMLTemplateElement,
    hoursNone: HTMLParagraphElement,
    services: HTMLUListElement,
    serviceItem: HTMLTemplateElement,
    servicesNone: HTMLParagraphElement,
  });
type Page = ReturnType<typeof page>;

export async function initStation(): Promise<void> {
  const ui = page();
  const state = loadView(ui.loadState, [ui.station]);
  const id = param('id') ?? '';
  if (!/^\d{6,9}$/.test(id)) {
    state.error('Adresse de station invalide. Cherchez la station depuis la page « Autour de moi ».', null);
    return;
  }
  const load = async (): Promise<void> => {
    state.loading('Chargement de la station…');
    try {
      const { station, version } = await getStation(id);
      state.done();
      render(ui, station);
      // Ranks are among the prices near the feed time: dated when the feed is old (price-age.ts).
      ui.rankNote.textContent = rankNote(version.feedTime, Date.now());
    } catch (error) {
      if (error instanceof ApiError && error.status === 404)
        state.error('Cette station n’existe pas ou n’est plus dans le flux officiel.', null);
      else state.error(`Impossible d’afficher la station. ${apiMessage(error)}`, () => void load());
    }
  };
  await load();
}

function render(ui: Page, s: StationDetail): void {
  const { title, address } = stationHeading(s);
  document.title = `${title} · Plein`;
  ui.title.textContent = title;
  ui.where.textContent = address;
  ui.dept.textContent = `Département ${s.dept}`;
  // The name and brand are OpenStreetMap's (ODbL): credited beside them, only when the station has some.
  ui.credit.hidden = !hasOsmName(s);
  fillOpenBadge(ui.open, s);
  if (s.road !== 'A') ui.motorway.remove();
  if (s.closure) ui.closure.textContent = `Fermeture ${s.closure.type || ''}`.trim();
  else ui.closure.remove();
  renderPrices(ui, s);
  renderHours(ui, s);
  renderServices(ui, s);
  renderWhere(ui, s, { title, address });
  void initFavourite(s);
  initHistory(s);
  // After the history: it fills the fuel list both cards share.
  initFillDays(s);
  attachShare(ui.station, () => shareStation(s, { title, address }));
}

/** The station as a link for its fuel in the history card (the recipient sees that fuel's history). */
function shareStation(s: StationDetail, { title, address }: StationHeading) {
  const fuel = document.querySelector<HTMLSelectElement>('[data-ref="historyFuel"]')?.value;
  const price = s.prices.find((p) => p.fuel === fuel);
  return {
    title: `${title} · Plein`,
    text: price
      ? `${title}, ${address} : ${fuelLabel(price.fuel)} à ${formatPrice(price.price)}`
      : `${title}, ${address}`,
    url: stationLink(location.origin, s.id, price?.fuel ?? null),
  };
}

const PRICE_ROW = {
  fuel: HTMLTableCellElement,
  price: HTMLTableCellElement,
  outlier: HTMLSpanElement,
  stock: HTMLSpanElement,
  age: HTMLSpanElement,
  stale: HTMLSpanElement,
  deptRank: HTMLSpanElement,
  rankBreak: HTMLBRElement,
  nationalRank: HTMLSpanElement,
  unranked: HTMLSpanElement,
};

function renderPrices(ui: Page, s: StationDetail): void {
  ui.noPrices.hidden = s.prices.length > 0;
  ui.prices.replaceChildren(
    ...s.prices.map((p) => {
      const { root, refs: r } = instantiate(ui.priceRow, PRICE_ROW);
      r.fuel.textContent = fuelLabel(p.fuel);
      r.price.prepend(formatPrice(p.price));
      if (!p.outlier) r.outlier.remove();
      // A price can outlive a shortage in the feed: say so beside it rather than let it look available.
      if (!s.outOfStock.includes(p.fuel)) r.stock.remove();
      fillPriceAge(r.age, r.stale, p);
      if (p.rank) {
        r.deptRank.textContent = `${ordinal(p.rank.dept.rank)} sur ${p.rank.dept.of} dans le ${s.dept}`;
        r.nationalRank.textContent = `${ordinal(p.rank.national.rank)} sur ${p.rank.national.of} en France`;
        r.unranked.remove();
      } else for (const node of [r.deptRank, r.rankBreak, r.nationalRank]) node.remove();
      return root;
    }),
  );
  const stock = s.outOfStockDetails;
  ui.stock.hidden = stock.length === 0;
  ui.stockList.replaceChildren(
    ...stock.map((o) => {
      const { root } = instantiate(ui.stockItem, {});
      root.textContent = stockText(o);
      return root;
    }),
  );
}

/** Monday = 1 … Sunday = 7, in Paris. */
function parisWeekday(): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short' }).format(
    new Date(),
  );
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}

function renderHours(ui: Page, s: StationDetail): void {
  const hours = s.hours;
  // Days without ranges and not closed say nothing: a station with only those has unknown hours.
  const known = hours?.days.some((d) => d.closed || d.ranges.length > 0) ?? false;
  ui.hoursTable.hidden = !known && !hours?.automat24;
  ui.hoursNone.hidden = known || Boolean(hours?.automat24);
  if (!hours) return;
  const row = (day: string, text: string) => {
    const copy = instantiate(ui.hoursRow, { day: HTMLTableCellElement, text: HTMLTableCellElement });
    copy.refs.day.textContent = day;
    copy.refs.text.textContent = text;
    return copy.root;
  };
  const today = parisWeekday();
  const rows = known
    ? hours.days.map((d) => {
        const text = d.closed
          ? 'Fermé'
          : d.ranges.length
            ? d.ranges.map((r) => `${r.open.replace(':', ' h ')} – ${r.close.replace(':', ' h ')}`).join(', ')
            : 'Non précisé';
        const isToday = d.day === today;
        const tr = row(`${DAYS[d.day - 1] ?? ''}${isToday ? ' (aujourd’hui)' : ''}`, text);
        if (isToday) {
          tr.classList.add('today');
          tr.setAttribute('aria-current', 'date');
        }
        return tr;
      })
    : [];
  if (hours.automat24) rows.unshift(row('Automate', 'Paiement par carte 24 h/24'));
  ui.hours.replaceChildren(...rows);
}

function renderServices(ui: Page, s: StationDetail): void {
  ui.services.replaceChildren(
    ...s.services.map((name) => {
      const { root } = instantiate(ui.serviceItem, {});
      root.textContent = name;
      return root;
    }),
  );
  ui.servicesNone.hidden = s.services.length > 0;
}

function renderWhere(ui: Page, s: StationDetail, { title, address }: StationHeading): void {
  ui.coordsWarning.hidden = !s.flags.suspiciousCoordinates;
  fillDirections(ui, s.lat, s.lon, title);
  const mapElement = ui.map;
  if (s.lat === null || s.lon === null) {
    mapElement.classList.add('map-placeholder');
    mapElement.textContent = 'Position inconnue dans le flux officiel.';
    return;
  }
  const { lat, lon } = s;
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
              price: current?.price ?? null,
              fuel: current ? fuelLabel(current.fuel) : 'carburant',
              level: null,
              title,
              address,
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
