import { stationHeading } from '#shared/domain/station-heading.ts';
import {
  ApiError,
  apiMessage,
  getNearby,
  type NearbyResponse,
  type NearbySort,
  type NearbyStation,
} from '../api.ts';
import { refs, show } from '../dom.ts';
import { formatDistance } from '../format.ts';
import { latest } from '../latest.ts';
import type { MapStation, StationMap } from '../map.ts';
import { lastPlace, locate, type Place, rememberPlace } from '../position.ts';
import { FUELS, type FuelCode, fuelLabel, savedFuel, saveFuel } from '../prefs.ts';
import { type Level, priceScale } from '../price-level.ts';
import { attachSearchBox } from '../search-box.ts';
import { nearbyRow } from '../station-row.ts';

const PAGE_SIZE = 50;

interface State {
  place: Place | null;
  fuel: FuelCode;
  radiusKm: number;
  road: 'R' | 'A' | null;
  openNow: boolean;
  inStock: boolean;
  sort: NearbySort;
}

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
    stationRow: HTMLTemplateElement,
    results: HTMLOListElement,
    more: HTMLButtonElement,
    fuel: HTMLSelectElement,
  });

let ui: ReturnType<typeof page>;
let state: State;
let stations: NearbyStation[] = [];
let nextCursor: string | null = null;
const nearby = latest();
let map: StationMap | null = null;
let mapLoading: Promise<StationMap | null> | null = null;

export function initHome(): void {
  ui = page();
  state = readState();
  ui.fuel.value = state.fuel;
  ui.radius.value = String(state.radiusKm);
  ui.road.value = state.road ?? '';
  ui.openNow.checked = state.openNow;
  ui.inStock.checked = state.inStock;
  renderSortButtons();

  const input = ui.query;
  if (state.place) input.value = state.place.label === 'Ma position' ? '' : state.place.label;
  const box = attachSearchBox(ui, (place) => go(place));

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
  ui.more.addEventListener('click', () => void refresh(true));

  if (state.place) void refresh();
}

function go(place: Place): void {
  state.place = place;
  rememberPlace(place);
  void refresh();
}

function readControls(): Omit<State, 'place' | 'sort'> {
  const road = ui.road.value;
  return {
    fuel: (FUELS.find((f) => f.code === ui.fuel.value)?.code ?? 'Gazole') as FuelCode,
    radiusKm: Number(ui.radius.value) || 10,
    road: road === 'R' || road === 'A' ? road : null,
    openNow: ui.openNow.checked,
    inStock: ui.inStock.checked,
  };
}

/** State from the URL (shareable searches), else the last place of this tab and the remembered fuel. */
function readState(): State {
  const q = new URLSearchParams(location.search);
  const lat = Number(q.get('lat'));
  const lon = Number(q.get('lon'));
  const fromUrl =
    q.has('lat') && Number.isFinite(lat) && Number.isFinite(lon)
      ? { lat, lon, label: q.get('label') ?? 'Lieu partagé' }
      : null;
  const fuel = FUELS.find((f) => f.code === q.get('fuel'))?.code ?? savedFuel();
  const road = q.get('road');
  return {
    place: fromUrl ?? lastPlace(),
    fuel,
    radiusKm: Number(q.get('radius')) || 10,
    road: road === 'R' || road === 'A' ? road : null,
    openNow: q.get('open') === '1',
    inStock: q.get('stock') !== '0',
    sort: q.get('sort') === 'distance' ? 'distance' : 'price',
  };
}

function writeUrl(): void {
  if (!state.place) return;
  const q = new URLSearchParams({
    lat: state.place.lat.toFixed(5),
    lon: state.place.lon.toFixed(5),
    label: state.place.label,
    fuel: state.fuel,
    radius: String(state.radiusKm),
    sort: state.sort,
  });
  if (state.road) q.set('road', state.road);
  if (state.openNow) q.set('open', '1');
  if (!state.inStock) q.set('stock', '0');
  history.replaceState(null, '', `?${q}`);
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
  if (!more) {
    // The results area takes the intro's place at once (loading text inside), so nothing jumps later.
    ui.intro.hidden = true;
    ui.resultsArea.hidden = false;
    ui.summary.textContent = `Recherche des stations autour de ${place.label}…`;
  }
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
    show(
      ui.msg,
      `Impossible d’afficher les stations. ${apiMessage(error)}`,
      error instanceof ApiError && error.status === 400 ? 'warn' : 'error',
    );
  }
}

function render(res: NearbyResponse, place: Place): void {
  ui.intro.hidden = true;
  ui.resultsArea.hidden = false;
  const priced = stations
    .filter((s) => s.price && !s.price.outlier)
    .map((s) => (s.price as { price: number }).price);
  const scale = priceScale(priced);
  const cheapest = priced.length ? Math.min(...priced) : null;
  const levelOf = (s: NearbyStation): Level | null =>
    s.price && !s.price.outlier ? scale(s.price.price) : null;

  ui.resultsTitle.textContent = `${fuelLabel(state.fuel)} autour de ${place.label}`;
  ui.summary.textContent =
    res.total === 0
      ? `Aucune station à moins de ${formatDistance(state.radiusKm)} avec ces filtres. Élargissez le rayon ou retirez un filtre.`
      : `${res.total} station${res.total > 1 ? 's' : ''} à moins de ${formatDistance(state.radiusKm)}, triées par ${state.sort === 'price' ? 'prix' : 'distance'}${stations.length < res.total ? ` (${stations.length} affichées)` : ''}.`;
  ui.results.replaceChildren(
    ...stations.map((s) =>
      nearbyRow(
        ui.stationRow,
        s,
        state.fuel,
        levelOf(s),
        s.price && !s.price.outlier && s.price.price === cheapest ? 'Le moins cher' : null,
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
      level: levelOf(s),
      ...stationHeading(s),
      href: `/station/?id=${encodeURIComponent(s.id)}`,
    }));
  map.show(points, place, (id) => {
    const row = ui.results.querySelector(`[data-station="${CSS.escape(id)}"]`);
    for (const r of ui.results.querySelectorAll('.station-row.selected')) r.classList.remove('selected');
    row?.classList.add('selected');
    row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  });
}
