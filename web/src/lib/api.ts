import type {
  DashboardResponse,
  ExportResponse,
  FavouriteResponse,
  FavouritesResponse,
  MeResponse,
  ProfileUpdate,
} from '#shared/api/account-types.ts';
import type { AlertsResponse, AlertsUpdate } from '#shared/api/alert-types.ts';
import type { BrandsResponse } from '#shared/api/brand-types.ts';
import type { FillDaysResponse } from '#shared/api/fill-days-types.ts';
import type { TrendsResponse } from '#shared/api/trends-types.ts';
import type {
  HistoryResponse,
  NearbyResponse,
  NearbySort,
  SearchResponse,
  StationResponse,
  StatsResponse,
} from '#shared/api/types.ts';
import type { FuelCode } from '#shared/domain/fuels.ts';
import type { DataHealth } from '#shared/domain/health.ts';
import { accessToken, clearSession, heldAccessToken } from './auth.ts';
import { CognitoError } from './cognito.ts';
import { loadConfig } from './config.ts';
import { isOffline, KNOWN_AT_HEADER, OFFLINE_ACTION, OFFLINE_HEADER, OFFLINE_READ } from './offline.ts';

export type * from '#shared/api/account-types.ts';
export type * from '#shared/api/alert-types.ts';
export type * from '#shared/api/brand-types.ts';
export type * from '#shared/api/fill-days-types.ts';
export type * from '#shared/api/trends-types.ts';
export type * from '#shared/api/types.ts';
export type { DataHealth } from '#shared/domain/health.ts';

/** An API failure: the JSON error body (DESIGN.md) or a network failure (status 0, code 'network' or 'offline_…'). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** Fired on window when the API cannot be reached, so the layout shows its notice once for the page. */
export const API_DOWN_EVENT = 'plein:api-down';
/**
 * Fired on window for an answer the service worker took from the device (lib/offline.ts), with the time of
 * the snapshot it comes from as `detail`: the layout says "Hors ligne — prix connus le …".
 */
export const OFFLINE_ANSWER_EVENT = 'plein:offline-answer';

type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  method?: 'GET' | 'PUT' | 'POST' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Send the access token (routes with auth user/admin). */
  auth?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { apiBase } = await loadConfig();
  const url = new URL(`${apiBase}${path}`, location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    // Booleans are flags: only `true` is sent.
    if (value === null || value === undefined || value === false || value === '') continue;
    url.searchParams.set(key, String(value));
  }
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    // The raw token: API Gateway's Cognito authorizer (REST) expects it without the "Bearer " scheme.
    if (token) headers.authorization = token;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      window.dispatchEvent(new Event(API_DOWN_EVENT));
      throw new ApiError(0, networkCode(options.method), 'Le service est injoignable.');
    }
  };
  let res: Response;
  if (options.auth) {
    const token = await tokenOrHeld(options);
    if (!token) throw new ApiError(401, 'signed_out', 'Vous n’êtes pas connecté.');
    res = await send(token);
    if (res.status === 401) {
      // The token may have been revoked or expired in between: one refresh, one retry.
      const fresh = await accessToken({ forceRefresh: true });
      if (fresh) res = await send(fresh);
      if (res.status === 401) clearSession();
    }
  } else {
    res = await send(null);
  }
  if (res.status === 502 || res.status === 504) window.dispatchEvent(new Event(API_DOWN_EVENT));
  if (res.headers.has(OFFLINE_HEADER))
    window.dispatchEvent(new CustomEvent(OFFLINE_ANSWER_EVENT, { detail: res.headers.get(KNOWN_AT_HEADER) }));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? 'http_error',
      error?.message ?? `HTTP ${res.status}`,
      error?.field,
    );
  }
  return data as T;
}

/**
 * The access token to send. Offline its refresh cannot reach Cognito: the token held (even expired) still
 * lets the service worker answer from this device's own copy; online, the API would refuse it and we retry.
 */
async function tokenOrHeld(options: RequestOptions): Promise<string | null> {
  try {
    return await accessToken();
  } catch (error) {
    if (!(error instanceof CognitoError && error.type === 'NetworkError')) throw error;
    const held = heldAccessToken();
    if (held) return held;
    window.dispatchEvent(new Event(API_DOWN_EVENT));
    throw new ApiError(0, networkCode(options.method), 'Le service est injoignable.');
  }
}

/** A failed request's code: offline, a read (nothing kept) or an action (it needs the network); else 'network'. */
function networkCode(method: RequestOptions['method']): string {
  if (!isOffline()) return 'network';
  return (method ?? 'GET') === 'GET' ? 'offline_read' : 'offline_action';
}

// ─── Public routes ──────────────────────────────────────────────────────────────────────────────────────

export const getHealth = () => request<DataHealth>('/health');

export interface NearbyQuery {
  lat: number;
  lon: number;
  radiusKm: number;
  fuel: FuelCode | null;
  sort: NearbySort;
  openNow?: boolean;
  inStock?: boolean;
  road?: 'R' | 'A' | null;
  /** Canonical brands (GET /api/brands), sent as `brand=A,B`; none: every brand. */
  brands?: readonly string[];
  limit?: number;
  cursor?: string | null;
}

export const getNearby = ({ brands, ...q }: NearbyQuery, signal?: AbortSignal) =>
  request<NearbyResponse>('/stations', {
    query: { ...q, brand: brands?.join(',') },
    ...(signal ? { signal } : {}),
  });

/** GET /api/brands (issue 16): the canonical brands of the published stations, most stations first. */
export const getBrands = (signal?: AbortSignal) =>
  request<BrandsResponse>('/brands', signal ? { signal } : {});

export const getStation = (id: string) => request<StationResponse>(`/stations/${encodeURIComponent(id)}`);

/** A station's history: the last `days`, or Paris dates `from`–`to` (YYYY-MM-DD, inclusive; `to` default today). */
export type HistoryRange = { days: number } | { from: string; to?: string };

export const getHistory = (id: string, range: HistoryRange, fuel?: FuelCode) =>
  request<HistoryResponse>(`/stations/${encodeURIComponent(id)}/history`, { query: { ...range, fuel } });

/** "Quand faire le plein ?" (issue 18 item 5): weekday means over 12 weeks, per fuel the station sells. */
export const getFillDays = (id: string, fuel?: FuelCode) =>
  request<FillDaysResponse>(`/stations/${encodeURIComponent(id)}/fill-days`, { query: { fuel } });

export const search = (q: string, signal?: AbortSignal) =>
  request<SearchResponse>('/search', { query: { q }, ...(signal ? { signal } : {}) });

export const getStats = (
  query: { dept?: string; days?: number; fuel?: FuelCode; brand?: string } = {},
  signal?: AbortSignal,
) => request<StatsResponse>('/stats', { query, ...(signal ? { signal } : {}) });

/** GET /api/trends (issue 18): daily (weekly beyond two years) medians since 2007, archive then live days. */
export const getTrends = (
  query: { dept?: string; fuel?: FuelCode; from?: string; to?: string },
  signal?: AbortSignal,
) => request<TrendsResponse>('/trends', { query, ...(signal ? { signal } : {}) });

// ─── Account routes (signed in) ─────────────────────────────────────────────────────────────────────────

export const getMe = () => request<MeResponse>('/me', { auth: true });

export const putMe = (update: ProfileUpdate) =>
  request<MeResponse>('/me', { method: 'PUT', body: update, auth: true });

/** Erases the profile, favourites, alert state and the Cognito user (204). */
export const deleteMe = () => request<void>('/me', { method: 'DELETE', auth: true });

export const getExport = () => request<ExportResponse>('/me/export', { auth: true });

export const getFavourites = () => request<FavouritesResponse>('/me/favourites', { auth: true });

/** Adds the station to the favourites, or renames it (`name: null` clears the name). */
export const putFavourite = (stationId: string, name: string | null) =>
  request<FavouriteResponse>(`/me/favourites/${encodeURIComponent(stationId)}`, {
    method: 'PUT',
    body: { name },
    auth: true,
  });

export const deleteFavourite = (stationId: string) =>
  request<void>(`/me/favourites/${encodeURIComponent(stationId)}`, { method: 'DELETE', auth: true });

export interface Point {
  lat: number;
  lon: number;
}

/** `from`: where the user is, for distances and detour advice. */
export const getDashboard = (from?: Point | null) =>
  request<DashboardResponse>('/me/dashboard', {
    query: { from: from ? `${from.lat},${from.lon}` : null },
    auth: true,
  });

/** The dashboard of a demo profile (the stations nearest to `at`), without an account. */
export const getDemoDashboard = (at: Point) =>
  request<DashboardResponse>('/demo/dashboard', { query: { lat: at.lat, lon: at.lon } });

/** Price alert rules, the weekly digest, and the alert preferences (enabled, daily cap). */
export const getAlerts = () => request<AlertsResponse>('/me/alerts', { auth: true });

/** Replaces the whole rule list; omitted preferences keep their value. */
export const putAlerts = (update: AlertsUpdate) =>
  request<AlertsResponse>('/me/alerts', { method: 'PUT', body: update, auth: true });

// ─── Admin routes (group admin) ─────────────────────────────────────────────────────────────────────────

export const ADMINS_ONLY = 'Cette page est réservée aux administrateurs.';

/** A French sentence for an API failure, for the page that made the call. */
export function apiMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'offline_read') return OFFLINE_READ;
    if (error.code === 'offline_action') return OFFLINE_ACTION;
    if (error.status === 0)
      return 'Le service Plein est injoignable pour le moment. Réessayez dans quelques minutes.';
    if (error.code === 'no_data')
      return 'Aucune donnée de prix n’a encore été chargée. Réessayez dans quelques minutes.';
    if (error.status === 401) return 'Votre session a expiré : reconnectez-vous.';
    if (error.status === 403) return ADMINS_ONLY;
    if (error.status === 404) return 'Introuvable.';
    if (error.status === 429) return 'Trop de demandes : patientez un instant puis réessayez.';
    if (error.status >= 500) return 'Le service rencontre un problème. Réessayez dans quelques minutes.';
    return error.message;
  }
  return 'Une erreur inattendue est survenue.';
}
