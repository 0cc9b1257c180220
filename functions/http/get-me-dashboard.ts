import { dashboardQuery, dashboardResponse } from '#shared/api/account-schemas.ts';
import { completeDashboard } from '#shared/db/dashboard.ts';
import { listFavourites } from '#shared/db/favourites.ts';
import { getProfile } from '#shared/db/profiles.ts';
import { getStations } from '#shared/db/station-reads.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * GET /api/me/dashboard — each favourite × each followed fuel, cheapest first, the cheapest highlighted,
 * savings against the département median (or the favourites' median), and detours when `from` is given.
 */
export const handler = httpHandler(
  'GET /api/me/dashboard',
  {
    query: dashboardQuery,
    response: dashboardResponse,
    summary: 'The caller’s favourites × followed fuels, cheapest first, with savings and detours',
  },
  async ({ caller, query }) => {
    const [profile, favourites] = await Promise.all([
      getProfile(table, caller.sub),
      listFavourites(table, caller.sub),
    ]);
    const stations = await getStations(
      table,
      favourites.map((f) => f.stationId),
    );
    return completeDashboard(table, {
      now: new Date(),
      settings: profile,
      favourites: favourites.map((f) => ({
        stationId: f.stationId,
        name: f.name,
        station: stations.get(f.stationId) ?? null,
      })),
      from: query.from ?? null,
    });
  },
);
