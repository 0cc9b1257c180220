import * as z from 'zod';
import type { DashboardResponse } from '#shared/api/account-types.ts';
import { completeDashboard } from '#shared/db/dashboard.ts';
import { listFavourites } from '#shared/db/favourites.ts';
import { getProfile } from '#shared/db/profiles.ts';
import { getStations } from '#shared/db/station-reads.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** `from=lat,lon` in degrees: where the driver is, for distances and "is the detour worth it?". */
const query = z.strictObject({
  from: z
    .string()
    .regex(/^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, 'Give from as lat,lon in degrees')
    .transform((s) => {
      const [lat, lon] = s.split(',').map(Number) as [number, number];
      return { lat, lon };
    })
    .refine((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180, 'Latitude −90…90, longitude −180…180')
    .optional(),
});

/**
 * GET /api/me/dashboard — each favourite × each followed fuel, cheapest first, the cheapest highlighted,
 * savings against the département median (or the favourites' median), and detours when `from` is given.
 */
export const handler = httpHandler(
  'GET /api/me/dashboard',
  { query },
  async ({ caller, query }): Promise<DashboardResponse> => {
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
