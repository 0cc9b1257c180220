import { searchUsers } from '#shared/admin/users.ts';
import { adminUsersResponse, usersQuery } from '#shared/api/admin-schemas.ts';
import { directory } from './lib/admin-cognito.ts';
import { cognitoError } from './lib/errors.ts';
import { httpHandler } from './lib/middleware.ts';

/**
 * GET /api/admin/users?emailPrefix=&cursor=&limit= — users whose email starts with the prefix, one page at a
 * time (Cognito ListUsers). A read: not written to the audit list. Admins only.
 */
export const handler = httpHandler(
  'GET /api/admin/users',
  {
    query: usersQuery,
    response: adminUsersResponse,
    errors: [409],
    summary: 'Search users by email prefix (admin)',
  },
  async ({ query }) =>
    searchUsers(directory, query).catch((error) => {
      throw cognitoError(error, query.cursor ? 'cursor' : 'emailPrefix');
    }),
);
