// Over 300 lines on purpose: THE route table is data, one entry per route (44); its length is the API's size.
/**
 * THE route table. The CDK API (infra/aws/api.ts) and the local gateway (infra/local/gateway.ts) both loop
 * over it; a test checks that both expose exactly these routes. A route is private unless it says public.
 */
import type { SecretName } from '#shared/db/keys.ts';
import type { FunctionLimits } from '#shared/platform.ts';

export type Auth = 'public' | 'user' | 'admin';
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** What a route's function may touch: CDK grants exactly this (least privilege). */
export interface RouteAccess {
  table?: 'read' | 'write';
  /** Read the published snapshot in the data bucket. */
  snapshot?: boolean;
  /** Read the published names table (`NAMES.objectKey` in the data bucket, issue 16). */
  names?: boolean;
  /** Read the backfilled price history (`history/v1/` in the data bucket, issue 18). */
  history?: boolean;
  /** Cognito admin actions on the user pool, e.g. 'cognito-idp:AdminDeleteUser'. */
  cognito?: readonly string[];
  /** May invoke the ingest function (admin trigger). */
  ingest?: boolean;
  /** Start and watch the history backfill's state machine, read the committed years (issue 18). */
  backfill?: boolean;
  /** Per-deployment secrets it creates on first use (a put on their own partition only) and reads. */
  secrets?: readonly SecretName[];
}

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax, `{name}` for parameters. Always under /api. */
  path: string;
  /** Handler file relative to the project root; it exports `handler`. */
  handler: string;
  auth: Auth;
  access: RouteAccess;
  /** The function's memory and timeout: CDK sets them, the local gateway enforces them. */
  limits: FunctionLimits;
}

/** Routes that read the table, Cognito or a small object: their work is a few requests and a little JSON. */
const LIGHT: FunctionLimits = { memoryMB: 512, timeoutSeconds: 10 };
/**
 * Routes served from the published snapshot, which load their pre-built part of each new run (`npm run
 * bench:cold`, docs/API.md). Measured here (medians, worst): import + first request 0.4–0.6 s of CPU, the first
 * request after a new run 25–90 ms (≤ 155 ms), peak RSS 95–190 MB (search the largest). At 512 MB (29% of a
 * vCPU) the worst cold start × 2 is ~4 s of a 10 s timeout and RSS has 2.7× headroom; 256 MB would fit the
 * timeout but leave ~70 MB and make each cold start ~4 s for the user.
 */
const SNAPSHOT: FunctionLimits = { memoryMB: 512, timeoutSeconds: 10 };

export const ROUTES = [
  {
    method: 'GET',
    path: '/api/health',
    handler: 'functions/http/get-health.ts',
    auth: 'public',
    access: { table: 'read' },
    limits: LIGHT,
  },
  // ── Public station API (issue 4, docs/API.md): served from the in-memory snapshot. `table: 'read'` because
  // the published pointer (META/PUBLISHED) that says which snapshot to load lives in the table. ──
  {
    method: 'GET',
    path: '/api/stations',
    handler: 'functions/http/get-stations.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true, secrets: ['cursor'] }, // the paging cursors' signing key
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/stations/{id}',
    handler: 'functions/http/get-station.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/stations/{id}/history',
    handler: 'functions/http/get-station-history.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true, history: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/stations/{id}/fill-days',
    handler: 'functions/http/get-station-fill-days.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true, history: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/search',
    handler: 'functions/http/get-search.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/stats',
    handler: 'functions/http/get-stats.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true },
    limits: SNAPSHOT,
  },
  // ── Trends since 2007 (issue 18, docs/API.md): the archive's trend objects and the live STATS# rows. ──
  {
    method: 'GET',
    path: '/api/trends',
    handler: 'functions/http/get-trends.ts',
    auth: 'public',
    access: { table: 'read', history: true },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/fuels',
    handler: 'functions/http/get-fuels.ts',
    auth: 'public',
    access: { table: 'read' },
    limits: LIGHT,
  },
  // ── Names and brands (issue 16, docs/API.md): OpenStreetMap data (ODbL). The download joins the names
  // table (its own object in the data bucket) with the published snapshot's places. ──
  {
    method: 'GET',
    path: '/api/brands',
    handler: 'functions/http/get-brands.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/names',
    handler: 'functions/http/get-names.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true, names: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    handler: 'functions/http/get-openapi.ts',
    auth: 'public',
    access: {},
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/me',
    handler: 'functions/http/get-me.ts',
    auth: 'user',
    access: { table: 'read' },
    limits: LIGHT,
  },
  // ── Accounts (issue 5, docs/ACCOUNTS.md): the caller's own data, always keyed by the token's `sub` ──
  {
    method: 'PUT',
    path: '/api/me',
    handler: 'functions/http/put-me.ts',
    auth: 'user',
    access: { table: 'write' },
    limits: LIGHT,
  },
  {
    method: 'DELETE',
    path: '/api/me',
    handler: 'functions/http/delete-me.ts',
    auth: 'user',
    access: { table: 'write', cognito: ['cognito-idp:AdminDeleteUser'] },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/me/export',
    handler: 'functions/http/get-me-export.ts',
    auth: 'user',
    access: { table: 'read', cognito: ['cognito-idp:AdminGetUser'] },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/me/favourites',
    handler: 'functions/http/get-me-favourites.ts',
    auth: 'user',
    access: { table: 'read' },
    limits: LIGHT,
  },
  {
    method: 'PUT',
    path: '/api/me/favourites/{stationId}',
    handler: 'functions/http/put-me-favourite.ts',
    auth: 'user',
    access: { table: 'write' },
    limits: LIGHT,
  },
  {
    method: 'DELETE',
    path: '/api/me/favourites/{stationId}',
    handler: 'functions/http/delete-me-favourite.ts',
    auth: 'user',
    access: { table: 'write' },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/me/dashboard',
    handler: 'functions/http/get-me-dashboard.ts',
    auth: 'user',
    access: { table: 'read' },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/demo/dashboard',
    handler: 'functions/http/get-demo-dashboard.ts',
    auth: 'public',
    access: { table: 'read', snapshot: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/admin/runs',
    handler: 'functions/http/get-admin-runs.ts',
    auth: 'admin',
    access: { table: 'read' },
    limits: LIGHT,
  },
  // ── Admin console (issue 9, docs/ADMIN.md): every action is audited (table write: the AUDIT items);
  // `cognito` lists exactly the actions each route performs. ──
  {
    method: 'GET',
    path: '/api/admin/health',
    handler: 'functions/http/get-admin-health.ts',
    auth: 'admin',
    access: { table: 'read', snapshot: true },
    limits: SNAPSHOT,
  },
  {
    method: 'GET',
    path: '/api/admin/runs/{startedAt}',
    handler: 'functions/http/get-admin-run.ts',
    auth: 'admin',
    access: { table: 'read' },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/admin/usage',
    handler: 'functions/http/get-admin-usage.ts',
    auth: 'admin',
    access: { table: 'read', cognito: ['cognito-idp:ListUsers'] },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/admin/ingest',
    handler: 'functions/http/post-admin-ingest.ts',
    auth: 'admin',
    access: { table: 'write', ingest: true },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/admin/users',
    handler: 'functions/http/get-admin-users.ts',
    auth: 'admin',
    access: { cognito: ['cognito-idp:ListUsers'] },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/admin/users/{username}/reset-password',
    handler: 'functions/http/post-admin-user-reset-password.ts',
    auth: 'admin',
    access: { table: 'write', cognito: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminResetUserPassword'] },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/admin/users/{username}/disable',
    handler: 'functions/http/post-admin-user-disable.ts',
    auth: 'admin',
    access: { table: 'write', cognito: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminDisableUser'] },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/admin/users/{username}/enable',
    handler: 'functions/http/post-admin-user-enable.ts',
    auth: 'admin',
    access: { table: 'write', cognito: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminEnableUser'] },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/admin/audit',
    handler: 'functions/http/get-admin-audit.ts',
    auth: 'admin',
    access: { table: 'read' },
    limits: LIGHT,
  },
  // ── Price alerts (issue 8, docs/ALERTS.md): the caller's rules; the unsubscribe link works without signing in
  // (its signed token is the authorization) and writes the profile/alert settings of the token's user only. ──
  {
    method: 'GET',
    path: '/api/me/alerts',
    handler: 'functions/http/get-me-alerts.ts',
    auth: 'user',
    access: { table: 'read' },
    limits: LIGHT,
  },
  {
    method: 'PUT',
    path: '/api/me/alerts',
    handler: 'functions/http/put-me-alerts.ts',
    auth: 'user',
    access: { table: 'write' },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/alerts/unsubscribe',
    handler: 'functions/http/get-alerts-unsubscribe.ts',
    auth: 'public',
    access: { table: 'write' },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/alerts/unsubscribe',
    handler: 'functions/http/post-alerts-unsubscribe.ts',
    auth: 'public',
    access: { table: 'write' },
    limits: LIGHT,
  },
  // ── Web Push (issue 19, docs/ALERTS.md): the deployment's VAPID public key (created with its private half on
  // first use: a put on SECRET#vapid only) and the caller's devices. ──
  {
    method: 'GET',
    path: '/api/push/key',
    handler: 'functions/http/get-push-key.ts',
    auth: 'public',
    access: { table: 'read', secrets: ['vapid'] },
    limits: LIGHT,
  },
  {
    method: 'PUT',
    path: '/api/me/push-subscriptions',
    handler: 'functions/http/put-me-push-subscription.ts',
    auth: 'user',
    access: { table: 'write' },
    limits: LIGHT,
  },
  {
    method: 'DELETE',
    path: '/api/me/push-subscriptions',
    handler: 'functions/http/delete-me-push-subscription.ts',
    auth: 'user',
    access: { table: 'write' },
    limits: LIGHT,
  },
  // ── "Signaler une erreur" (issue 16, docs/ADMIN.md): a signed-in driver's report, then the admin queue. The
  // report route hashes the caller's address with the deployment's `report-ip` key (per-address limit). ──
  {
    method: 'POST',
    path: '/api/stations/{id}/reports',
    handler: 'functions/http/post-station-reports.ts',
    auth: 'user',
    access: { table: 'write', secrets: ['report-ip'] },
    limits: LIGHT,
  },
  {
    method: 'GET',
    path: '/api/admin/reports',
    handler: 'functions/http/get-admin-reports.ts',
    auth: 'admin',
    access: { table: 'read' },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/admin/reports/{id}/accept',
    handler: 'functions/http/post-admin-report-accept.ts',
    auth: 'admin',
    access: { table: 'write' },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/admin/reports/{id}/reject',
    handler: 'functions/http/post-admin-report-reject.ts',
    auth: 'admin',
    access: { table: 'write' },
    limits: LIGHT,
  },
  // ── History backfill (issue 18, docs/HISTORY.md): the years' state and the state machine's executions. ──
  {
    method: 'GET',
    path: '/api/admin/backfill',
    handler: 'functions/http/get-admin-backfill.ts',
    auth: 'admin',
    access: { table: 'read', backfill: true },
    limits: LIGHT,
  },
  {
    method: 'POST',
    path: '/api/admin/backfill',
    handler: 'functions/http/post-admin-backfill.ts',
    auth: 'admin',
    access: { table: 'write', backfill: true },
    limits: LIGHT,
  },
] as const satisfies readonly Route[];

type RouteEntry = (typeof ROUTES)[number];
export type RouteKey = RouteEntry extends infer R
  ? R extends RouteEntry
    ? `${R['method']} ${R['path']}`
    : never
  : never;
/** The auth level of a route, at the type level: handlers of user/admin routes get a non-null caller. */
export type AuthOf<K extends RouteKey> = Extract<RouteEntry, { method: Method<K>; path: Path<K> }>['auth'];
type Method<K> = K extends `${infer M} ${string}` ? M : never;
type Path<K> = K extends `${string} ${infer P}` ? P : never;

export function routeKey(r: Pick<Route, 'method' | 'path'>): string {
  return `${r.method} ${r.path}`;
}

export function findRoute(key: string): Route | undefined {
  return (ROUTES as readonly Route[]).find((r) => routeKey(r) === key);
}
