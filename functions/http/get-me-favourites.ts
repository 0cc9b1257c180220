import { favouritesResponse } from '#shared/api/account-schemas.ts';
import { listFavourites, MAX_FAVOURITES } from '#shared/db/favourites.ts';
import { getStations } from '#shared/db/station-reads.ts';
import { favouriteView } from '#shared/domain/favourite-view.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/me/favourites — the caller's favourites with each station's current data, oldest first. */
export const handler = httpHandler(
  'GET /api/me/favourites',
  {
    response: favouritesResponse,
    summary: 'The caller’s favourites with each station’s current data, oldest first',
  },
  async ({ caller }) => {
    const favourites = await listFavourites(table, caller.sub);
    const stations = await getStations(
      table,
      favourites.map((f) => f.stationId),
    );
    const now = new Date();
    return {
      favourites: favourites.map((f) => favouriteView(f, stations.get(f.stationId), now)),
      count: favourites.length,
      max: MAX_FAVOURITES,
    };
  },
);
