/**
 * The account API's request and response JSON (issue 5): profile, favourites, dashboard, export, demo.
 * Shared by the route handlers (functions/http/) and the site (web/src/lib/api.ts). Additive changes only.
 * docs/ACCOUNTS.md explains the features, the formulas and the errors.
 *
 * Errors use the API's JSON error shape `{ error: { code, message, field? } }` (functions/http/lib/errors.ts):
 * 400 `invalid` (field = the offending field, e.g. `displayName`, `fuels.1`, `userId`), 400 `limit`
 * (field `stationId`: the 51st favourite; `places`: a 7th saved place), 401 no/invalid token, 404 `not_found` (unknown station).
 */
import type { FavouriteView } from '../domain/favourite-view.ts';
import type { FuelCode } from '../domain/fuels.ts';
import type { SavedPlace } from '../domain/places.ts';

export type { FuelCode } from '../domain/fuels.ts';
export type { SavedPlace } from '../domain/places.ts';

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
  /** Saved places ("Maison", "Travail"…), at most 6, labels unique ignoring case; [] by default. */
  places: SavedPlace[];
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
  limits: { favourites: number; places: number };
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
  /** The whole list of saved places: it replaces the stored one. */
  places?: SavedPlace[];
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

// Built by the domain (shared/domain/dashboard.ts, savings.ts), where these shapes are defined.
export type {
  DashboardFuel,
  DashboardResponse,
  DashboardRow,
  DetourView,
  RowStatus,
} from '../domain/dashboard-view.ts';
export type { BaselineKind, SavingsEstimate } from '../domain/savings.ts';

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
  /** The reports they sent ("Signaler une erreur"), with the status of each as decided. */
  reports: Record<string, unknown>[];
  /** Any other item under the user's key (today the daily report counter): listed so the export stays complete. */
  other: Record<string, unknown>[];
  /** The stations the favourites refer to, as the feed and OpenStreetMap name them (not stored per user). */
  stations: ExportStation[];
}

/** A favourite's station in the export: its id, OSM name, canonical brand and place. */
export interface ExportStation {
  id: string;
  name: string | null;
  brand: string | null;
  address: string;
  cp: string;
  town: string;
}

// DELETE /api/me: 204 once the profile, favourites, alert state and the Cognito user are gone. Safe to retry.
