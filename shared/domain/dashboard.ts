/**
 * The dashboard (pure): each favourite × each followed fuel, ranked, with the cheapest highlighted, an
 * honest savings estimate per fuel and, given a starting point, whether each detour to the cheapest pays.
 * With a starting point, only favourites within REACH_KM of it are recommended (cheapest, savings, detours);
 * the others are shown as `beyond-reach`. Worked examples: docs/ACCOUNTS.md. The handlers load the data (shared/db) and call `buildDashboard`; the demo route calls it too.
 */
import type { DashboardFuel, DashboardResponse, DashboardRow, RowStatus } from './dashboard-view.ts';
import { detourSaving, extraRoundTripKm, REACH_KM } from './detour.ts';
import type { FuelCode } from './fuels.ts';
import { distanceKm } from './geo.ts';
import { isComparableAt, referenceMs } from './price-age.ts';
import {
  chooseBaseline,
  type DeptMedian,
  estimateSavings,
  round2,
  round3,
  type SavingsEstimate,
} from './savings.ts';
import { parisDay } from './time.ts';

/** The station fields the dashboard reads: a Station, a station item or a snapshot entry all fit. */
export interface DashboardStation {
  id: string;
  /** The OSM name and canonical brand (issue 16); absent on items written before names were joined. */
  name?: string | null;
  brand?: string | null;
  town: string;
  address: string;
  dept: string;
  lat: number | null;
  lon: number | null;
  prices: readonly { fuel: string; price: number; updatedAt: string; outlier?: boolean }[];
  outOfStock: readonly { fuel: string }[];
  removedAt?: string | null;
}

export interface DashboardFavourite {
  stationId: string;
  name: string | null;
  station: DashboardStation | null;
}

export interface DashboardSettings {
  fuels: readonly FuelCode[];
  tankLitres: number;
  consumptionL100: number;
  yearlyKm: number;
}

export interface DashboardInput {
  now: Date;
  settings: DashboardSettings;
  favourites: readonly DashboardFavourite[];
  /** Daily département medians, keyed `<dept>#<fuel>` (see `neededMedians`). */
  medians: ReadonlyMap<string, DeptMedian>;
  published: { publishedAt: string; feedTime: string | null } | null;
  from: { lat: number; lon: number } | null;
  demo?: boolean;
}

const HOUR_MS = 3_600_000;
const STATUS_ORDER: readonly RowStatus[] = [
  'ok',
  'beyond-reach',
  'outlier',
  'too-old',
  'out-of-stock',
  'no-price',
  'removed',
  'unknown-station',
];

export function medianKey(dept: string, fuel: string): string {
  return `${dept}#${fuel}`;
}

/** Which département medians the dashboard will look up: the cheapest favourite's département per fuel. */
export function neededMedians(input: Omit<DashboardInput, 'medians'>): { dept: string; fuel: FuelCode }[] {
  const out: { dept: string; fuel: FuelCode }[] = [];
  for (const fuel of input.settings.fuels) {
    const best = rankRows(input, fuel).find((r) => r.cheapest);
    if (best?.dept) out.push({ dept: best.dept, fuel });
  }
  return out;
}

export function buildDashboard(input: DashboardInput): DashboardResponse {
  const { settings, now, published, from } = input;
  return {
    demo: input.demo ?? false,
    generatedAt: now.toISOString(),
    lastIngestAt: published?.publishedAt ?? null,
    feedTime: published?.feedTime ?? null,
    needsFuels: settings.fuels.length === 0,
    from,
    settings: {
      tankLitres: settings.tankLitres,
      consumptionL100: settings.consumptionL100,
      yearlyKm: settings.yearlyKm,
      fuels: [...settings.fuels],
    },
    favourites: input.favourites.length,
    fuels: settings.fuels.map((fuel) => fuelSection(input, fuel)),
  };
}

function fuelSection(input: DashboardInput, fuel: FuelCode): DashboardFuel {
  const rows = rankRows(input, fuel);
  const best = rows.find((r) => r.cheapest);
  if (!best || best.price === null) return { fuel, rows, cheapest: null, savings: null };
  const usable = rows.filter((r) => r.status === 'ok').map((r) => r.price as number);
  const baseline = chooseBaseline(input.medians.get(medianKey(best.dept, fuel)) ?? null, usable);
  const s = input.settings;
  let savings: SavingsEstimate | null = null;
  if (baseline) {
    const est = estimateSavings({ cheapestPrice: best.price, baselinePrice: baseline.price, ...s });
    savings = {
      cheapestPrice: best.price,
      cheapestStationId: best.stationId,
      baseline,
      perLitre: est.perLitre,
      tankLitres: s.tankLitres,
      perFill: est.perFill,
      yearlyLitres: est.yearlyLitres,
      perYear: est.perYear,
    };
  }
  if (input.from) addDetours(rows, best, input);
  return { fuel, rows, cheapest: { stationId: best.stationId, price: best.price }, savings };
}

/** The rows of one fuel: usable ones cheapest first, then the others; every cheapest usable row flagged. */
function rankRows(input: Omit<DashboardInput, 'medians'>, fuel: FuelCode): DashboardRow[] {
  const rows = input.favourites.map((f) => row(f, fuel, input));
  rows.sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      (a.price ?? Number.POSITIVE_INFINITY) - (b.price ?? Number.POSITIVE_INFINITY) ||
      a.stationId.localeCompare(b.stationId),
  );
  const min = rows[0]?.status === 'ok' ? rows[0].price : null;
  for (const r of rows) r.cheapest = r.status === 'ok' && r.price === min;
  return rows;
}

function row(f: DashboardFavourite, fuel: FuelCode, input: Omit<DashboardInput, 'medians'>): DashboardRow {
  const st = f.station;
  const price = st?.prices.find((p) => p.fuel === fuel) ?? null;
  const outOfStock = st?.outOfStock.some((o) => o.fuel === fuel) ?? false;
  const at = price ? Date.parse(price.updatedAt) : Number.NaN;
  const ageHours = Number.isFinite(at) ? Math.round((input.now.getTime() - at) / (HOUR_MS / 10)) / 10 : null;
  let status: RowStatus = 'ok';
  if (!st) status = 'unknown-station';
  else if (st.removedAt) status = 'removed';
  else if (outOfStock) status = 'out-of-stock';
  else if (!price) status = 'no-price';
  else if (price.outlier) status = 'outlier';
  // Too old against the feed time, not now (price-age.ts): an old feed still ranks and estimates, dated.
  else if (
    !Number.isFinite(at) ||
    !isComparableAt(at, referenceMs(input.published?.feedTime, input.now.getTime()))
  )
    status = 'too-old';
  const from = input.from;
  const km =
    from && st?.lat != null && st.lon != null ? round3(distanceKm(from.lat, from.lon, st.lat, st.lon)) : null;
  // Unknown coordinates cannot be measured: such a station stays usable, as without `from`.
  if (status === 'ok' && km !== null && km > REACH_KM) status = 'beyond-reach';
  return {
    stationId: f.stationId,
    name: f.name,
    stationName: st?.name ?? null,
    brand: st?.brand ?? null,
    town: st?.town ?? '',
    address: st?.address ?? '',
    dept: st?.dept ?? '',
    price: price?.price ?? null,
    updatedAt: price?.updatedAt ?? null,
    ageHours,
    status,
    outOfStock,
    cheapest: false,
    distanceKm: km,
    detour: null,
  };
}

/**
 * For every usable row within reach but the cheapest: what driving to the cheapest instead would gain and
 * cost. Rows beyond reach get none: the driver is not there, so there is no usual station to compare with.
 */
function addDetours(rows: DashboardRow[], best: DashboardRow, input: DashboardInput): void {
  const s = input.settings;
  if (best.distanceKm === null || best.price === null) return;
  for (const r of rows) {
    if (r.cheapest || r.status !== 'ok' || r.distanceKm === null || r.price === null) continue;
    const extraKm = extraRoundTripKm(best.distanceKm, r.distanceKm);
    const d = detourSaving({
      priceGap: r.price - best.price,
      litres: s.tankLitres,
      extraKm,
      consumptionL100: s.consumptionL100,
      price: best.price,
    });
    r.detour = {
      extraKm: round2(extraKm),
      gain: round2(d.gain),
      cost: round2(d.cost),
      net: round2(d.net),
      worthIt: d.worthIt,
    };
  }
}

/**
 * The daily-stats days a baseline may come from: the reference day in Paris (today, or the old feed's day),
 * then the day before (before that day's first run).
 */
export function baselineDays(at: Date | number): [string, string] {
  const ms = typeof at === 'number' ? at : at.getTime();
  return [parisDay(ms), parisDay(ms - 86_400_000)];
}
