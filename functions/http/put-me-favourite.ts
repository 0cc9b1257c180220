import createError from 'http-errors';
import * as z from 'zod';
import type { FavouriteResponse } from '#shared/api/account-types.ts';
import { putFavourite } from '#shared/db/favourites.ts';
import { getStations } from '#shared/db/station-reads.ts';
import { favouriteView } from '#shared/domain/favourite-view.ts';
import { cleanText, PROFILE_LIMITS, stationIdSchema } from '#shared/domain/profile.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

const path = z.strictObject({ stationId: stationIdSchema });
const { min, max } = PROFILE_LIMITS.favouriteName;
const body = z.strictObject({ name: cleanText(min, max).nullable().optional() });

/**
 * PUT /api/me/favourites/{stationId} — adds the station to the caller's favourites or renames it: 201 when
 * created, 200 when it was already one. 404 for an unknown station, 400 `limit` for the 51st favourite.
 */
export const handler = httpHandler(
  'PUT /api/me/favourites/{stationId}',
  { path, body },
  async ({ caller, path, body }) => {
    const station = (await getStations(table, [path.stationId])).get(path.stationId);
    if (!station)
      throw createError(404, `No station ${path.stationId}`, { code: 'not_found', field: 'stationId' });
    const now = new Date();
    // The 51st favourite: FavouriteLimitError, a 400 `limit` (lib/errors.ts).
    const saved = await putFavourite(table, caller.sub, path.stationId, body.name, now);
    const res: FavouriteResponse = {
      favourite: favouriteView(saved.favourite, station, now),
      created: saved.created,
    };
    return respond(saved.created ? 201 : 200, res);
  },
);
