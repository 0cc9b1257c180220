import { adminUserActionResponse, userPath } from '#shared/api/admin-schemas.ts';
import { actions, userAction } from './lib/admin-user-action.ts';
import { httpHandler, respond } from './lib/middleware.ts';

/**
 * POST /api/admin/users/{username}/disable — AdminDisableUser: the user can no longer sign in or refresh
 * their tokens. 200 with the user's state, 404 for an unknown user, 409 for your own account. Audited.
 * Admins only (route table).
 */
export const handler = httpHandler(
  'POST /api/admin/users/{username}/disable',
  {
    path: userPath,
    response: adminUserActionResponse,
    errors: [409],
    summary: 'Disable a user (admin; audited)',
  },
  async ({ caller, path }) =>
    respond(200, await userAction(caller, path.username, 'disable', actions.disable)),
);
