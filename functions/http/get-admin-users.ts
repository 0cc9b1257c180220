import * as z from 'zod';
import { FILTER_UNSAFE, LIST_USERS_MAX, searchUsers } from '#shared/admin/users.ts';
import { directory } from './lib/admin-cognito.ts';
import { cognitoError } from './lib/errors.ts';
import { httpHandler } from './lib/middleware.ts';

const query = z.strictObject({
  /** Matched with Cognito's `email ^= "…"`: quotes, backslashes and control characters are refused. */
  emailPrefix: z
    .string()
    .trim()
    .max(100)
    .refine((s) => !FILTER_UNSAFE.test(s), 'Quotes, backslashes and control characters are not allowed')
    .optional(),
  /** Cognito's PaginationToken, as the previous page returned it. */
  cursor: z
    .string()
    .max(4096)
    .regex(/^[\w+/=.:-]+$/, 'Not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(LIST_USERS_MAX).default(25),
});

/**
 * GET /api/admin/users?emailPrefix=&cursor=&limit= — users whose email starts with the prefix, one page at a
 * time (Cognito ListUsers). A read: not written to the audit list. Admins only.
 */
export const handler = httpHandler(
  'GET /api/admin/users',
  { query, summary: 'Search users by email prefix (admin)' },
  async ({ query }) =>
    searchUsers(directory, query).catch((error) => {
      throw cognitoError(error, query.cursor ? 'cursor' : 'emailPrefix');
    }),
);
