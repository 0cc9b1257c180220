import createError from 'http-errors';
import { audited } from '#shared/admin/audited.ts';
import { getUser, resetPassword, setEnabled } from '#shared/admin/users.ts';
import type { AdminUserAction, AdminUserActionResponse } from '#shared/api/admin-types.ts';
import { directory } from './admin-cognito.ts';
import type { Caller } from './caller.ts';
import { cognitoError } from './errors.ts';
import { table } from './table.ts';

/**
 * One audited user action: resolve the user (404 for an unknown one), act on the canonical username, and
 * record who did what to which `sub` — never the email or the username given in the path.
 */
export async function userAction(
  caller: Caller,
  username: string,
  action: AdminUserAction,
  act: (canonical: string) => Promise<Record<string, string | number | boolean> | undefined>,
): Promise<AdminUserActionResponse> {
  const { value, entry } = await audited(
    { table },
    { actor: { sub: caller.sub }, action: `user.${action}` },
    async (notes) => {
      try {
        const user = await getUser(directory, username);
        notes.target = user.sub;
        if (action === 'disable' && user.sub === caller.sub)
          throw createError(409, 'You cannot disable your own account', {
            code: 'conflict',
            field: 'username',
          });
        const detail = await act(user.username);
        if (detail) Object.assign(notes.detail, detail);
        return await getUser(directory, user.username);
      } catch (error) {
        throw cognitoError(error, 'username');
      }
    },
  );
  return {
    action,
    user: { username: value.username, sub: value.sub, status: value.status, enabled: value.enabled },
    auditId: entry.id,
  };
}

export const actions = {
  resetPassword: async (username: string) => {
    await resetPassword(directory, username);
    return undefined;
  },
  disable: async (username: string) => {
    await setEnabled(directory, username, false);
    return undefined;
  },
  enable: async (username: string) => {
    await setEnabled(directory, username, true);
    return undefined;
  },
};
