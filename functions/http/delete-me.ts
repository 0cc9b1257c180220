import { eraseUserData, markErased } from '#shared/db/users.ts';
import { deleteAccount } from './lib/cognito.ts';
import { httpHandler, logger, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * DELETE /api/me — erases the caller: first the erasure marker (from then on the API refuses this session,
 * and a write already in flight undoes itself: lib/erasure.ts), then their items (favourites and alert state,
 * then the profile), then the Cognito user, last, so a crash half-way can be finished by calling again with
 * the same token (a Cognito user already gone is not an error), and the marker again, so its time covers a
 * session that signed in while the erase ran. 204.
 */
export const handler = httpHandler(
  'DELETE /api/me',
  {
    response: null,
    status: [204],
    summary: 'Erase the caller: their data, then their account (safe to retry with the same token)',
    allowErasedSession: true,
  },
  async ({ caller }) => {
    await markErased(table, caller.sub, new Date());
    const items = await eraseUserData(table, caller.sub);
    await deleteAccount(caller.username);
    await markErased(table, caller.sub, new Date());
    logger.info('account erased', { items });
    return respond(204);
  },
);
