import { eraseUserData } from '#shared/db/users.ts';
import { deleteAccount } from './cognito.ts';
import { httpHandler, logger, respond } from './middleware.ts';
import { db, tableName } from './table.ts';

/**
 * DELETE /api/me — erases the caller: their items (favourites and alert state, then the profile), then the
 * Cognito user, last, so a crash half-way can be finished by calling again with the same token (a Cognito
 * user already gone is not an error). 204.
 */
export const handler = httpHandler('DELETE /api/me', {}, async ({ caller }) => {
  const items = await eraseUserData(db, tableName, caller.sub);
  await deleteAccount(caller.username);
  logger.info('account erased', { items });
  return respond(204);
});
