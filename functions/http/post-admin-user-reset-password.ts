import { adminUserActionResponse, userPath } from '#shared/api/admin-schemas.ts';
import { actions, userAction } from './lib/admin-user-action.ts';
import { httpHandler, respond } from './lib/middleware.ts';

/**
 * POST /api/admin/users/{username}/reset-password — Cognito sends the user a code to choose a new password
 * and puts them in RESET_REQUIRED: their old password stops working (AdminResetUserPassword); the admin never
 * sees or sets one. 202 with the user's state, 404 for an unknown user, 409 when Cognito refuses (no verified
 * email; a disabled user). Audited. Admins only (route table).
 */
export const handler = httpHandler(
  'POST /api/admin/users/{username}/reset-password',
  {
    path: userPath,
    response: adminUserActionResponse,
    status: [202],
    errors: [409],
    summary: "Reset a user's password: Cognito emails them a code (admin; audited)",
  },
  async ({ caller, path }) =>
    respond(202, await userAction(caller, path.username, 'reset-password', actions.resetPassword)),
);
