import { buildUsage, withStationLabels } from '#shared/admin/usage.ts';
import { listAllUsers } from '#shared/admin/users.ts';
import { adminUsageResponse, usageQuery } from '#shared/api/admin-schemas.ts';
import type { AdminUsageResponse } from '#shared/api/admin-types.ts';
import { getStations } from '#shared/db/station-reads.ts';
import { readProfileFacts } from '#shared/db/usage.ts';
import { directory } from './lib/admin-cognito.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** ListUsers pages read at most (60 users each): beyond 6,000 users the figures say `truncated`. */
const MAX_USER_PAGES = 100;
/** The figures are recomputed at most this often per Lambda instance. */
const CACHE_MS = 5 * 60_000;

let cached: { at: number; usage: AdminUsageResponse } | null = null;

/**
 * GET /api/admin/usage — users, sign-ups per week, favourites, most-followed stations, alerts. Cost per
 * computation: one ListUsers call per 60 users + one BatchGetItem per 100 users (profiles projected on
 * `favIds` and `alerts`) + one BatchGetItem for the top 10 stations' labels. No table scan. Admins only.
 */
export const handler = httpHandler(
  'GET /api/admin/usage',
  {
    query: usageQuery,
    response: adminUsageResponse,
    summary: 'Usage figures: users, sign-ups, favourites, alerts (admin; cached 5 min)',
  },
  async ({ query }) => {
    if (cached && !query.refresh && Date.now() - cached.at < CACHE_MS) return cached.usage;
    const { users, truncated } = await listAllUsers(directory, MAX_USER_PAGES);
    const profiles = await readProfileFacts(
      table,
      users.flatMap((u) => (u.sub ? [u.sub] : [])),
    );
    const usage = buildUsage({ users, truncated, profiles, now: new Date() });
    const ids = usage.favourites.topStations.map((s) => s.stationId);
    const labelled = withStationLabels(usage, await getStations(table, ids));
    cached = { at: Date.now(), usage: labelled };
    return labelled;
  },
);
