/** Cache-Control values of the public routes, in one place (handlers name them, never write header text). */

/** Snapshot-backed responses change at most once a minute (see requestTime in snapshot.ts). */
export const SNAPSHOT_CACHE = 'public, max-age=60';
/** Data health is two small reads: fresh enough for a status page, cheap under a burst of checks. */
export const HEALTH_CACHE = 'public, max-age=30';
/** Statistics change with each ingest run (every 15 minutes) and nothing else. */
export const STATS_CACHE = 'public, max-age=300';
/** The fuel list never changes between deployments; its `version` field may lag by this much. */
export const FUELS_CACHE = 'public, max-age=3600';
/** The OpenAPI document changes with deployments only. */
export const DOCS_CACHE = 'public, max-age=300';
/** The VAPID public key changes only if the deployment's secret is deleted (which voids every subscription). */
export const PUSH_KEY_CACHE = 'public, max-age=3600';
