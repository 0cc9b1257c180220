/**
 * The dashboard as the API serves it (GET /api/me/dashboard, GET /api/demo/dashboard): built by
 * `buildDashboard` (dashboard.ts), published in the API contract by shared/api/account-types.ts.
 */
import type { FuelCode } from './fuels.ts';
import type { SavingsEstimate } from './savings.ts';

/**
 * Why a row has no usable price: `ok` (counted), `out-of-stock`, `no-price` (station sells no such fuel in
 * the feed), `too-old` (price older than 7 days, or an unreadable date: shown, never ranked or counted),
 * `outlier` (implausible value flagged by the feed reader), `removed` (station left the feed),
 * `unknown-station` (no station item), `beyond-reach` (a usable price, but further than REACH_KM from `from`:
 * shown, never recommended — not the cheapest, no detour, not in the baseline).
 */
export type RowStatus =
  | 'ok'
  | 'beyond-reach'
  | 'out-of-stock'
  | 'no-price'
  | 'too-old'
  | 'outlier'
  | 'removed'
  | 'unknown-station';

/**
 * Is driving to the fuel's cheapest favourite within reach instead of this station worth it?
 * (shared/domain/detour.ts)
 */
export interface DetourView {
  /**
   * Extra round-trip km: 2 × (distance to the cheapest − distance to this station) × road factor, ≥ 0; 0 when
   * the cheapest is no further (cheaper and closer: no detour at all).
   */
  extraKm: number;
  /** (this price − cheapest price) × litres (a full tank). */
  gain: number;
  /** extraKm × consumption / 100 × cheapest price. */
  cost: number;
  /** gain − cost, euros. */
  net: number;
  worthIt: boolean;
}

export interface DashboardRow {
  stationId: string;
  /** The user's own name for the favourite (null in the demo). */
  name: string | null;
  /** The station's OpenStreetMap name (© OpenStreetMap contributors, ODbL), or null: not the user's `name`. */
  stationName: string | null;
  /** The station's canonical brand, or null. */
  brand: string | null;
  town: string;
  address: string;
  dept: string;
  price: number | null;
  updatedAt: string | null;
  /** Hours since the price date, one decimal. */
  ageHours: number | null;
  status: RowStatus;
  outOfStock: boolean;
  /** The cheapest usable price for this fuel among the favourites within reach (ties: all of them). */
  cheapest: boolean;
  /** From the `from` point, great-circle km (null without `from` or coordinates). */
  distanceKm: number | null;
  /** Only with `from`, for usable rows within reach other than the cheapest. */
  detour: DetourView | null;
}

export interface DashboardFuel {
  fuel: FuelCode;
  /** Usable rows cheapest first, then the others (out of stock, too old, no price…). */
  rows: DashboardRow[];
  cheapest: { stationId: string; price: number } | null;
  /** null when no favourite has a usable price for this fuel. */
  savings: SavingsEstimate | null;
}

export interface DashboardResponse {
  /** true for GET /api/demo/dashboard (nothing stored, a demo profile). */
  demo: boolean;
  generatedAt: string;
  /** When the last successful ingest published (null before the first one). */
  lastIngestAt: string | null;
  /** The newest price date of that feed. */
  feedTime: string | null;
  /** The user follows no fuel yet: the site asks which ones. `fuels` is then empty. */
  needsFuels: boolean;
  from: { lat: number; lon: number } | null;
  settings: { tankLitres: number; consumptionL100: number; yearlyKm: number; fuels: FuelCode[] };
  favourites: number;
  fuels: DashboardFuel[];
}
