import createError from 'http-errors';
import { favouriteBody, favouritePath, favouriteResponse } from '#shared/api/account-schemas.ts';
import { putFavourite } from '#shared/db/favourites.ts';
import { getStations } from '#shared/db/station-reads.ts';
import { favouriteView } from '#shared/domain/favourite-view.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * PUT /api/me/favourites/{stationId} — adds the station to the caller's favourites or renames it: 201 when
 * created, 200 when it was already one. 404 for an unknown station, 400 `limit` for the 51st favourite.
 */
export const handler = httpHandler(
  'PUT /api/me/favourites/{stationId}',
  {
    path: favouritePath,
    body: favouriteBody,
    response: favouriteResponse,
    status: [201, 200],
    summary: 'Add a station to the caller’s favourites, or rename it (201 when created)',
  },
  async ({ caller, path, body }) => {
    const station = (await getStations(table, [path.stationId])).get(path.stationId);
    if (!station)
      throw createError(404, `No station ${path.stationId}`, { code: 'not_found', field: 'stationId' });
    const now = new Date();
    // The 51st favourite: FavouriteLimitError, a 400 `limit` (lib/errors.ts).
    const saved = await putFavourite(table, caller.sub, path.stationId, body.name, now);
    return respond(saved.created ? 201 : 200, {
      favourite: favouriteView(saved.favourite, station, now),
      created: saved.created,
    });
  },
);
