import { adminUserActionResponse, userPath } from '#shared/api/admin-schemas.ts';
import { actions, userAction } from './lib/admin-user-action.ts';
import { httpHandler, respond } from './lib/middleware.ts';

/**
 * POST /api/admin/users/{username}/enable — AdminEnableUser: a disabled user may sign in again. 200 with
 * the user's state, 404 for an unknown user. Audited. Admins only (route table).
 */
export const handler = httpHandler(
  'POST /api/admin/users/{username}/enable',
  {
    path: userPath,
    response: adminUserActionResponse,
    errors: [409],
    summary: 'Enable a disabled user (admin; audited)',
  },
  async ({ caller, path }) => respond(200, await userAction(caller, path.username, 'enable', actions.enable)),
);
