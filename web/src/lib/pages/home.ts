import { stationHeading } from '#shared/domain/station-heading.ts';
import { ApiError, apiMessage, getNearby, type NearbyResponse, type NearbyStation } from '../api.ts';
import { hasSession } from '../auth.ts';
import { attachBrandFilter } from '../brand-filter.ts';
import { groupedNote } from '../cluster-label.ts';
import { instantiate, refs, show } from '../dom.ts';
import { fillFavouriteToggle } from '../favourite.ts';
import { formatDistance, formatPrice } from '../format.ts';
import { latest } from '../latest.ts';
import type { MapStation, StationMap } from '../map.ts';
import { lastPlace, locate, OWN_POSITION, type Place, rememberPlace } from '../position.ts';
import { FUELS, type FuelCode, fuelLabel, saveBrands, savedBrands, savedFuel, saveFuel } from '../prefs.ts';
import { type Level, priceScale } from '../price-level.ts';
import { attachSearchBox } from '../search-box.ts';
import { sharedPlace } from '../share.ts';
import { attachShare } from '../share-button.ts';
import { type LoadView, loadView } from '../states.ts';
import { isClosed, nearbyRow } from '../station-row.ts';
import { homeQuery, readHomeState, type HomeState as State } from './home-state.ts';

const PAGE_SIZE = 50;

/** The page's elements (pages/index.astro and its components), found once. */
const page = () =>
  refs(document, {
    searchForm: HTMLFormElement,
    query: HTMLInputElement,
    suggestions: HTMLDivElement,
    suggestion: HTMLTemplateElement,
    locate: HTMLButtonElement,
    radius: HTMLSelectElement,
    road: HTMLSelectElement,
    openNow: HTMLInputElement,
    inStock: HTMLInputElement,
    msg: HTMLDivElement,
    intro: HTMLDivElement,
    resultsArea: HTMLElement,
    map: HTMLElement,
    resultsTitle: HTMLHeadingElement,
    summary: HTMLParagraphElement,
    mapNote: HTMLParagraphElement,
    stationRow: HTMLTemplateElement,
    popupFavourite: HTMLTemplateElement,
    loadState: HTMLDivElement,
    results: HTMLOListElement,
    more: HTMLButtonElement,
    fuel: HTMLSelectElement,
    brandFilter: HTMLDetailsElement,
    brandSummary: HTMLSpanElement,
    brandReset: HTMLButtonElement,
    brandMsg: HTMLParagraphElement,
    brandList: HTMLUListElement,
    brandItem: HTMLTemplateElement,
  });

let ui: ReturnType<typeof page>;
let results: LoadView;
let state: State;
let stations: NearbyStation[] = [];
let nextCursor: string | null = null;
const nearby = latest();
let map: StationMap | null = null;
let mapLoading: Promise<StationMap | null> | null = null;
/** The cheapest open station's price of the last answer, for the share text. */
let cheapestShown: number | null = null;

export function initHome(): void {
  ui = page();
  // The list and the map are one answer: loading, empty and failed states stand in for both.
  results = loadView(ui.loadState, [ui.resultsArea]);
  state = readState();
  ui.fuel.value = state.fuel;
  ui.radius.value = String(state.radiusKm);
  ui.road.value = state.road ?? '';
  ui.openNow.checked = state.openNow;
  ui.inStock.checked = state.inStock;
  renderSortButtons();

  const input = ui.query;
  if (state.place) input.value = state.place.label === OWN_POSITION ? '' : state.place.label;
  const box = attachSearchBox(ui, (place) => go(place));
  // Saved places (issue 19 item 6), signed in only: imported then, so the page's first script stays small.
  if (hasSession())
    void import('../place-chips.ts').then(({ showPlaceChips }) =>
      showPlaceChips((place) => {
        input.value = place.label;
        go(place);
      }),
    );

  ui.searchForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text.length < 2)
      return show(ui.msg, 'Tapez au moins deux caractères, ou touchez « Me localiser ».', 'warn');
    try {
      const place = await box.submit();
      if (place) go(place);
      else if (place === null)
        show(
          ui.msg,
          `Aucun lieu trouvé pour « ${text} ». Essayez un code postal ou le nom de la commune.`,
          'warn',
        );
    } catch (error) {
      show(ui.msg, apiMessage(error), 'error');
    }
  });

  ui.locate.addEventListener('click', async () => {
    show(ui.msg, 'Recherche de votre position…', 'info');
    try {
      const place = await locate();
      input.value = '';
      go(place);
    } catch (error) {
      show(ui.msg, (error as Error).message, 'warn');
    }
  });

  for (const control of [ui.fuel, ui.radius, ui.road, ui.openNow, ui.inStock]) {
    control.addEventListener('change', () => {
      state = { ...state, ...readControls() };
      saveFuel(state.fuel);
      void refresh();
    });
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-sort]')) {
    button.addEventListener('click', () => {
      state.sort = button.dataset.sort === 'distance' ? 'distance' : 'price';
      renderSortButtons();
      void refresh();
    });
  }
  attachBrandFilter(ui, state.brands, (brands) => {
    state.brands = brands;
    saveBrands(brands);
    void refresh();
  });
  ui.more.addEventListener('click', () => void refresh(true));
  attachShare(ui.resultsArea, shareSearch);

  // The installed app's "Autour de moi" shortcut (manifest.webmanifest) opens /?autour=1.
  if (new URLSearchParams(location.search).has('autour')) ui.locate.click();
  else if (state.place) void refresh();
}

function go(place: Place): void {
  state.place = place;
  rememberPlace(place);
  void refresh().then(bringResultsUp);
}

/** On a phone the search form fills the first screen: a new search scrolls its results up to the top. */
function bringResultsUp(): void {
  if (ui.resultsArea.hidden || matchMedia('(min-width: 56rem)').matches) return;
  ui.resultsArea.scrollIntoView({ block: 'start' });
}

function readControls(): Omit<State, 'place' | 'sort' | 'brands'> {
  const road = ui.road.value;
  return {
    fuel: (FUELS.find((f) => f.code === ui.fuel.value)?.code ?? 'Gazole') as FuelCode,
    radiusKm: Number(ui.radius.value) || 10,
    road: road === 'R' || road === 'A' ? road : null,
    openNow: ui.openNow.checked,
    inStock: ui.inStock.checked,
  };
}

function readState(): State {
  return readHomeState(location.search, {
    place: lastPlace(),
    fuel: savedFuel(),
    brands: savedBrands(),
  });
}

/** The search as a link that reopens it for the recipient (readHomeState), with a line saying what it found. */
function shareSearch() {
  const place = sharedPlace(state.place ?? { lat: 0, lon: 0, label: '' });
  const what = `${fuelLabel(state.fuel)} autour de ${place.label}`;
  return {
    title: `Plein : ${what}`,
    text:
      cheapestShown === null ? `${what} sur Plein` : `${what} : dès ${formatPrice(cheapestShown)} sur Plein`,
    url: `${location.origin}/?${homeQuery({ ...state, place })}`,
    rounded: place.rounded,
  };
}

function writeUrl(): void {
  if (state.place) history.replaceState(null, '', `?${homeQuery({ ...state, place: state.place })}`);
}

function renderSortButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-sort]')) {
    button.setAttribute('aria-pressed', String(button.dataset.sort === state.sort));
  }
}

async function refresh(more = false): Promise<void> {
  const place = state.place;
  if (!place) return;
  writeUrl();
  show(ui.msg, null);
  ui.intro.hidden = true;
  // "Afficher plus" keeps the list (it is the current answer) and says it is busy on its button.
  if (more) {
    ui.more.disabled = true;
    ui.more.textContent = 'Chargement…';
  } else results.loading(`Recherche des stations autour de ${place.label}…`);
  try {
    const res = await nearby.run((signal) =>
      getNearby(
        {
          lat: place.lat,
          lon: place.lon,
          radiusKm: state.radiusKm,
          fuel: state.fuel,
          sort: state.sort,
          openNow: state.openNow,
          inStock: state.inStock,
          road: state.road,
          brands: state.brands,
          limit: PAGE_SIZE,
          cursor: more ? nextCursor : null,
        },
        signal,
      ),
    );
    if (!res) return; // a newer search took over
    stations = more ? [...stations, ...res.stations] : res.stations;
    nextCursor = res.nextCursor;
    render(res, place);
  } catch (error) {
    const why = `Impossible d’afficher les stations autour de ${place.label}. ${apiMessage(error)}`;
    // A 400 names a filter the driver can change; anything else may pass: offer to try again.
    const retry = error instanceof ApiError && error.status === 400 ? null : () => void refresh(more);
    if (more) show(ui.msg, why, 'error');
    else results.error(why, retry);
  } finally {
    ui.more.disabled = false;
    ui.more.textContent = 'Afficher plus de stations';
  }
}

function render(res: NearbyResponse, place: Place): void {
  const brands = state.brands.length ? ` (marques : ${state.brands.join(', ')})` : '';
  if (res.total === 0) {
    results.empty(
      `Aucune station ne vend ${fuelLabel(state.fuel)} à moins de ${formatDistance(state.radiusKm)} de ${place.label} avec ces filtres${brands}. Élargissez le rayon ou retirez un filtre.`,
    );
    return;
  }
  results.done();
  const priced = stations
    .filter((s) => s.price && !s.price.outlier)
    .map((s) => (s.price as { price: number }).price);
  const scale = priceScale(priced);
  // "Le moins cher" goes to a station the driver can fill up at now, never to a closed one.
  const openPrices = stations
    .filter((s) => s.price && !s.price.outlier && !isClosed(s))
    .map((s) => (s.price as { price: number }).price);
  const cheapest = openPrices.length ? Math.min(...openPrices) : null;
  cheapestShown = cheapest;
  const levelOf = (s: NearbyStation): Level | null =>
    s.price && !s.price.outlier ? scale(s.price.price) : null;

  ui.resultsTitle.textContent = `${fuelLabel(state.fuel)} autour de ${place.label}`;
  ui.summary.textContent = `${res.total} station${res.total > 1 ? 's' : ''} à moins de ${formatDistance(state.radiusKm)}${brands}, triées par ${state.sort === 'price' ? 'prix' : 'distance'}${stations.length < res.total ? ` (${stations.length} affichées)` : ''}.`;
  ui.results.replaceChildren(
    ...stations.map((s) =>
      nearbyRow(
        ui.stationRow,
        s,
        state.fuel,
        levelOf(s),
        s.price && !s.price.outlier && !isClosed(s) && s.price.price === cheapest ? 'Le moins cher' : null,
        announce,
        showOnMap,
      ),
    ),
  );
  ui.more.hidden = !nextCursor;
  void drawMap(place, levelOf);
}

/** Loads Leaflet on first use only (dynamic import), then shows the same stations as the list. */
async function drawMap(place: Place, levelOf: (s: NearbyStation) => Level | null): Promise<void> {
  const element = ui.map;
  mapLoading ??= import('../map.ts')
    .then(({ StationMap }) => new StationMap(element, place))
    .catch(() => {
      element.classList.add('map-placeholder');
      element.textContent = 'La carte n’a pas pu être chargée ; la liste reste complète.';
      return null;
    });
  map = await mapLoading;
  if (!map) return;
  map.resize();
  const points: MapStation[] = stations
    .filter((s) => s.lat !== null && s.lon !== null)
    .map((s) => ({
      id: s.id,
      lat: s.lat as number,
      lon: s.lon as number,
      label: s.price ? s.price.price.toFixed(3).replace('.', ',') : '?',
      price: s.price && !s.price.outlier ? s.price.price : null,
      fuel: fuelLabel(state.fuel),
      level: levelOf(s),
      ...stationHeading(s),
      href: `/station/?id=${encodeURIComponent(s.id)}`,
    }));
  map.show(
    points,
    place,
    (id) => selectRow(id)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
    (s) => {
      const control = instantiate(ui.popupFavourite, {}).root;
      fillFavouriteToggle(control, { id: s.id, title: s.title }, announce);
      return control;
    },
    // Grouped pills hide stations the list shows: a line under the map says how many, and how to see them.
    ({ grouped, groups, total }) => {
      const note = groupedNote(grouped, groups, total);
      ui.mapNote.hidden = note === null;
      ui.mapNote.textContent = note ?? '';
    },
  );
}

/** Marks a station's row as the one selected (on the map or from the list). */
function selectRow(id: string): Element | null {
  const row = ui.results.querySelector(`[data-station="${CSS.escape(id)}"]`);
  for (const r of ui.results.querySelectorAll('.station-row.selected')) r.classList.remove('selected');
  row?.classList.add('selected');
  return row;
}

/** A row's "Voir sur la carte": its pill, out of its group if need be, selected with its popup open. */
function showOnMap(id: string): void {
  selectRow(id);
  ui.map.scrollIntoView({ block: 'nearest' });
  map?.reveal(id);
}

/** A favourite added or removed from a row or a popup, said in the page's live notice. */
function announce(text: string, kind: 'ok' | 'error'): void {
  show(ui.msg, text, kind);
}
