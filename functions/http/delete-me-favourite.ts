import { favouritePath } from '#shared/api/account-schemas.ts';
import { deleteFavourite } from '#shared/db/favourites.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** DELETE /api/me/favourites/{stationId} — 204, also when it was not a favourite (idempotent). */
export const handler = httpHandler(
  'DELETE /api/me/favourites/{stationId}',
  {
    path: favouritePath,
    response: null,
    status: [204],
    summary: 'Remove a station from the caller’s favourites (idempotent)',
  },
  async ({ caller, path }) => {
    await deleteFavourite(table, caller.sub, path.stationId);
    return respond(204);
  },
);
