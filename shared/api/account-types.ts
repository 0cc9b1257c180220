/**
 * The account API's request and response JSON (issue 5): profile, favourites, dashboard, export, demo.
 * Shared by the route handlers (functions/http/) and the site (web/src/lib/api.ts). Additive changes only.
 * docs/ACCOUNTS.md explains the features, the formulas and the errors.
 *
 * Errors use the API's JSON error shape `{ error: { code, message, field? } }` (functions/http/lib/errors.ts):
 * 400 `invalid` (field = the offending field, e.g. `displayName`, `fuels.1`, `userId`), 400 `limit`
 * (field `stationId`: the 51st favourite), 401 no/invalid token, 404 `not_found` (unknown station).
 */
import type { FavouriteView } from '../domain/favourite-view.ts';
import type { FuelCode } from '../domain/fuels.ts';

export type { FuelCode } from '../domain/fuels.ts';

// ─── Profile: GET /api/me, PUT /api/me ──────────────────────────────────────────────────────────────────

export interface AlertPreferences {
  /** Email alerts when a followed fuel gets cheaper at a favourite. Off until the user turns it on. */
  enabled: boolean;
  /** At most this many alert emails a day, 1–10 (default 3). */
  dailyCap: number;
}

export interface ProfileView {
  /** 1–50 characters once saved; '' until the user saves a profile (the sign-up name lives in Cognito `name`). */
  displayName: string;
  /** Followed fuels, unique, at most 6. Empty (default) → the dashboard asks the user to choose. */
  fuels: FuelCode[];
  /** 5–150, default 50. */
  tankLitres: number;
  /** Litres per 100 km, 2–30, default 6.5. */
  consumptionL100: number;
  /** 0–200,000, default 12,000. */
  yearlyKm: number;
  alerts: AlertPreferences;
  /** null until the first PUT /api/me. */
  createdAt: string | null;
  updatedAt: string | null;
}

/** GET /api/me and the answer of PUT /api/me. */
export interface MeResponse {
  sub: string;
  username: string;
  groups: string[];
  profile: ProfileView;
  limits: { favourites: number };
}

/**
 * PUT /api/me body. Every field is optional: the fields sent replace the stored ones, the others are kept.
 * `alerts`, when sent, is replaced as a whole (missing alert fields take their defaults).
 * Unknown fields (`userId`, `PK`, `role`, `email_verified`…) are a 400 naming the field.
 */
export interface ProfileUpdate {
  displayName?: string;
  fuels?: FuelCode[];
  tankLitres?: number;
  consumptionL100?: number;
  yearlyKm?: number;
  alerts?: Partial<AlertPreferences>;
}

// ─── Favourites ─────────────────────────────────────────────────────────────────────────────────────────

// The views are built by shared/domain/favourite-view.ts and defined there (the domain imports nothing from
// the API layer); the contract names them here.
export type { FavouriteStation, FavouriteView } from '../domain/favourite-view.ts';

/** GET /api/me/favourites — oldest first. */
export interface FavouritesResponse {
  favourites: FavouriteView[];
  count: number;
  max: number;
}

/** PUT /api/me/favourites/{stationId} body: creates the favourite or renames it. `name: null` clears it. */
export interface FavouriteUpdate {
  name?: string | null;
}

/** PUT /api/me/favourites/{stationId}: 201 when created, 200 when it existed (renamed or unchanged). */
export interface FavouriteResponse {
  favourite: FavouriteView;
  created: boolean;
}

// DELETE /api/me/favourites/{stationId}: 204, also when it was not a favourite (idempotent).

// ─── Dashboard: GET /api/me/dashboard?from=lat,lon and GET /api/demo/dashboard?lat&lon ─────────────────

/**
 * Why a row has no usable price: `ok` (counted), `out-of-stock`, `no-price` (station sells no such fuel in
 * the feed), `too-old` (price older than 7 days, or an unreadable date: shown, never ranked or counted),
 * `outlier` (implausible value flagged by the feed reader), `removed` (station left the feed),
 * `unknown-station` (no station item).
 */
export type RowStatus =
  | 'ok'
  | 'out-of-stock'
  | 'no-price'
  | 'too-old'
  | 'outlier'
  | 'removed'
  | 'unknown-station';

/** Is driving to the fuel's cheapest favourite instead of this station worth it? (shared/domain/detour.ts) */
export interface DetourView {
  /** Extra round-trip km: 2 × (distance to the cheapest − distance to this station) × road factor, ≥ 0. */
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
  name: string | null;
  town: string;
  address: string;
  dept: string;
  price: number | null;
  updatedAt: string | null;
  /** Hours since the price date, one decimal. */
  ageHours: number | null;
  status: RowStatus;
  outOfStock: boolean;
  /** The cheapest usable price for this fuel among the favourites (ties: all of them). */
  cheapest: boolean;
  /** From the `from` point, great-circle km (null without `from` or coordinates). */
  distanceKm: number | null;
  /** Only with `from`, for usable rows other than the cheapest. */
  detour: DetourView | null;
}

export type BaselineKind = 'dept-median' | 'favourites-median';

export interface SavingsEstimate {
  /** The cheapest usable favourite price for the fuel. */
  cheapestPrice: number;
  cheapestStationId: string;
  baseline: {
    /** `dept-median`: the département's median of the day (daily stats); else the favourites' median. */
    kind: BaselineKind;
    price: number;
    /** For `dept-median`: which département and day; `count` = prices in the median. */
    dept: string | null;
    day: string | null;
    count: number;
  };
  /** baseline − cheapest, €/L (negative when the cheapest favourite is above the baseline). */
  perLitre: number;
  tankLitres: number;
  /** perLitre × tankLitres, euros, 2 decimals. */
  perFill: number;
  /** yearlyKm × consumptionL100 / 100. */
  yearlyLitres: number;
  /** perLitre × yearlyLitres, euros, 2 decimals. */
  perYear: number;
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

// ─── Your data: GET /api/me/export, DELETE /api/me ──────────────────────────────────────────────────────

/** GET /api/me/export: everything stored about the caller, items as stored (without their keys). */
export interface ExportResponse {
  exportedAt: string;
  sub: string;
  /** The Cognito user (AdminGetUser); null if it is already gone. */
  account: {
    username: string;
    status: string | null;
    enabled: boolean | null;
    createdAt: string | null;
    updatedAt: string | null;
    attributes: Record<string, string>;
  } | null;
  profile: Record<string, unknown> | null;
  favourites: Record<string, unknown>[];
  alertStates: Record<string, unknown>[];
  /** Any other item under the user's key (none today): listed so the export stays complete. */
  other: Record<string, unknown>[];
}

// DELETE /api/me: 204 once the profile, favourites, alert state and the Cognito user are gone. Safe to retry.
