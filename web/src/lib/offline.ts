/**
 * What the service worker (web/src/sw/sw.ts) and the pages agree on: cache names, the header that marks an
 * answer served from the device, and how long kept prices may be shown. Pure: no DOM, no worker globals.
 */

/** Public API answers (stations, a station, its history…), kept as they are fetched. */
export const PUBLIC_CACHE = 'plein-api';
/** The signed-in driver's own answers (dashboard, favourites, profile): deleted on sign-out. */
export const PRIVATE_CACHE = 'plein-private';
/** /config.json, which the deployment serves at run time (not in the build). */
export const CONFIG_CACHE = 'plein-config';

/** Set by the service worker on an answer it took from the device because the network failed. */
export const OFFLINE_HEADER = 'x-plein-offline';
/** Set by the service worker when it stores an answer: the snapshot (`publishedAt`) the prices come from. */
export const KNOWN_AT_HEADER = 'x-plein-known-at';

/**
 * Kept prices are shown offline for at most 24 h after the snapshot they come from (its `publishedAt`):
 * past that they are deleted rather than shown as today's. docs/WEB.md states it to the driver.
 */
export const OFFLINE_MAX_HOURS = 24;

/** Whether an answer known at `knownAt` (ISO) may still be shown at `now`. */
export function stillShowable(knownAt: string | null, now: number): boolean {
  if (!knownAt) return false;
  const at = Date.parse(knownAt);
  return Number.isFinite(at) && now - at <= OFFLINE_MAX_HOURS * 3_600_000;
}

/**
 * The snapshot time of an API answer's JSON: `version.publishedAt` on the data routes, `lastIngestAt` on the
 * dashboard; `now` for answers with neither (the profile, the favourites' list), which carry no prices.
 */
export function knownAt(body: unknown, now: string): string {
  const b = body as { version?: { publishedAt?: unknown } | null; lastIngestAt?: unknown } | null;
  const at = b?.version?.publishedAt ?? b?.lastIngestAt;
  return typeof at === 'string' ? at : now;
}

/** API paths the service worker keeps for offline use, and in which cache; null = never kept. */
export function cacheFor(
  pathname: string,
  hasAuthorization: boolean,
): typeof PUBLIC_CACHE | typeof PRIVATE_CACHE | null {
  if (!pathname.startsWith('/api/')) return null;
  if (pathname.startsWith('/api/me/')) {
    // Only what the offline dashboard and favourites need; never the export, never an admin route.
    const kept = ['/api/me/dashboard', '/api/me/favourites'];
    return hasAuthorization && kept.includes(pathname) ? PRIVATE_CACHE : null;
  }
  if (pathname === '/api/me' || pathname.startsWith('/api/admin') || pathname.startsWith('/api/alerts'))
    return null;
  return hasAuthorization ? null : PUBLIC_CACHE;
}

/** What a page says offline for data it never fetched (or kept over OFFLINE_MAX_HOURS). */
export const OFFLINE_READ = `Hors ligne : ceci n’a pas été gardé sur cet appareil (ou date de plus de ${OFFLINE_MAX_HOURS} h). Réessayez une fois la connexion revenue.`;

/** What an action that needs the network (sign-in, a save) says offline; the form keeps what was typed. */
export const OFFLINE_ACTION =
  'Vous êtes hors ligne : cela demande le réseau. Ce que vous avez saisi reste là : réessayez une fois la connexion revenue.';

/** True when the browser knows it has no network (navigator.onLine is only ever wrong the other way). */
export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}
