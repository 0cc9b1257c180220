/**
 * The price-alerts API's request and response JSON (issue 8): alert rules, the weekly digest opt-in, and
 * the unsubscribe link. Shared by the route handlers (functions/http/) and the site (web/src/lib/api.ts,
 * the Profil page). Additive changes only. docs/ALERTS.md explains rules, evaluation and emails.
 *
 * Errors use the API's JSON error shape `{ error: { code, message, field? } }`: 400 `invalid` with `field`
 * naming the offending input (`rules.0.maxPrice`, `rules.2.fuel`, `rules.1.scope.radiusKm`, `rules` for the
 * 11th rule, `dailyCap`…), 401 without a valid access token. The unsubscribe route answers 400 `invalid`
 * (field `token`) for a forged, altered or expired token.
 */
import type { FuelCode } from '../domain/fuels.ts';

export type { FuelCode } from '../domain/fuels.ts';

// ─── Rules ──────────────────────────────────────────────────────────────────────────────────────────────

/** Which stations a rule watches: the user's favourites, or every station around a saved place. */
export type AlertScope =
  | { kind: 'favourites' }
  | {
      kind: 'place';
      /** WGS84 degrees; must be in France (mainland, Corsica or overseas). */
      lat: number;
      lon: number;
      /** 1–50 km. */
      radiusKm: number;
      /** The user's name for the place, 1–40 characters ("Maison", "Travail"). */
      label: string;
    };

/**
 * How a rule notifies (issue 19): an email, a Web Push notification on each of the user's devices
 * (PUT /api/me/push-subscriptions), or both. Rules saved before the choice existed are `email`.
 */
export type AlertChannel = 'email' | 'push' | 'both';

/**
 * One alert rule. At least one condition: `maxPrice`, `dropCents`, or both (then BOTH must hold: the
 * cheapest price in scope dropped by `dropCents` AND is at or below `maxPrice`).
 *
 * - `maxPrice` only: every station in scope whose price for `fuel` went down (or appeared) to at most
 *   `maxPrice` €/L.
 * - `dropCents`: the cheapest price in scope went down by at least this many cents in one ingest run
 *   (compared with the cheapest of the same stations just before the run).
 *
 * Only stations where the fuel is in stock, with a fresh price (≤ 7 days) that is not an outlier, count;
 * with `openNow`, only stations known to be open at that moment (unknown hours do not count).
 */
export interface AlertRule {
  /** Server-assigned (1–12 lowercase letters/digits). Send it back to keep a rule's identity; omit for new rules. */
  id: string;
  fuel: FuelCode;
  /** €/L, 0.5–5, at most 3 decimals; null when the rule has no threshold. */
  maxPrice: number | null;
  /** Whole cents, 1–50; null when the rule has no drop condition. */
  dropCents: number | null;
  scope: AlertScope;
  openNow: boolean;
  channel: AlertChannel;
}

/**
 * A rule as sent in PUT /api/me/alerts: `id` optional (new rule), conditions, `openNow` and `channel`
 * (default `email`) optional.
 */
export interface AlertRuleInput {
  id?: string;
  fuel: FuelCode;
  maxPrice?: number | null;
  dropCents?: number | null;
  scope: AlertScope;
  openNow?: boolean;
  channel?: AlertChannel;
}

// ─── GET /api/me/alerts, PUT /api/me/alerts ─────────────────────────────────────────────────────────────

export interface AlertsResponse {
  /**
   * Whether this deployment sends alert emails at all (in AWS only when deployed with an SES sender). When
   * false nothing is ever sent, and PUT refuses to add a rule or turn alerts or the digest on (409
   * `alerts_off`); removing still works. The site reads the same flag from config.json (`alerts`).
   */
  available: boolean;
  /**
   * Alert emails on or off (the profile's `alerts.enabled`, also settable with PUT /api/me). Off by default:
   * rules are kept but nothing is sent until the user turns alerts on.
   */
  enabled: boolean;
  /** At most this many alert emails a day (Paris time), 1–10 (the profile's `alerts.dailyCap`). */
  dailyCap: number;
  /** The weekly digest (Monday 07:00 Paris): favourites' cheapest of the week, trend, savings. Off by default. */
  digest: boolean;
  rules: AlertRule[];
  /** null until the first PUT. */
  updatedAt: string | null;
  limits: AlertLimits;
}

export interface AlertLimits {
  rules: number;
  radiusKm: { min: number; max: number };
  maxPrice: { min: number; max: number };
  dropCents: { min: number; max: number };
  dailyCap: { min: number; max: number };
}

/**
 * PUT /api/me/alerts body. `rules` is required and replaces the whole list (send `[]` to remove every
 * rule); at most 10 (the 11th is a 400, field `rules`). `enabled`, `dailyCap` and `digest` are optional:
 * omitted ones keep their value. Unknown fields are a 400 naming the field. Answers `AlertsResponse`.
 * On a deployment without alerts (`available: false`) a PUT that would add a rule or turn `enabled` or
 * `digest` on is a 409 `alerts_off` naming that field.
 */
export interface AlertsUpdate {
  rules: AlertRuleInput[];
  enabled?: boolean;
  dailyCap?: number;
  digest?: boolean;
}

// ─── GET|POST /api/alerts/unsubscribe?token=… (public) ──────────────────────────────────────────────────

/** What the email's unsubscribe link turns off: price alerts, or the weekly digest. */
export type UnsubscribePurpose = 'alerts' | 'digest';

/**
 * The answer of `POST /api/alerts/unsubscribe` (RFC 8058 one-click, or the confirmation page's button): JSON,
 * or a small French HTML page when the browser asks for HTML. Works without signing in; the signed token
 * says whose alerts and which ones. Idempotent.
 */
export interface UnsubscribeResponse {
  unsubscribed: UnsubscribePurpose;
  /** French sentence for the user. */
  message: string;
}

/**
 * The answer of `GET /api/alerts/unsubscribe` (the link in the email): nothing changes — link scanners and
 * prefetchers issue GETs. A browser gets a French page whose button POSTs the same URL.
 */
export interface UnsubscribeConfirmation {
  purpose: UnsubscribePurpose;
  /** Always `POST`: what unsubscribes. */
  confirmWith: 'POST';
  /** French sentence for the user. */
  message: string;
}
