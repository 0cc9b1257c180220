import * as z from 'zod';
import { deleteFavourite } from '#shared/db/favourites.ts';
import { stationIdSchema } from '#shared/domain/profile.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

const path = z.strictObject({ stationId: stationIdSchema });

/** DELETE /api/me/favourites/{stationId} — 204, also when it was not a favourite (idempotent). */
export const handler = httpHandler(
  'DELETE /api/me/favourites/{stationId}',
  { path },
  async ({ caller, path }) => {
    await deleteFavourite(table, caller.sub, path.stationId);
    return respond(204);
  },
);
