import { exportResponse } from '#shared/api/account-schemas.ts';
import { groupUserItems, listUserItems } from '#shared/db/users.ts';
import { getAccount } from './lib/cognito.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * GET /api/me/export — everything stored about the caller: the items under their key (profile, favourites,
 * alert state, anything added later) as stored, and their Cognito user (AdminGetUser).
 */
export const handler = httpHandler(
  'GET /api/me/export',
  { response: exportResponse, summary: 'Everything stored about the caller: their items and Cognito user' },
  async ({ caller }) => {
    const [items, account] = await Promise.all([
      listUserItems(table, caller.sub),
      getAccount(caller.username),
    ]);
    return { exportedAt: new Date().toISOString(), sub: caller.sub, account, ...groupUserItems(items) };
  },
);
