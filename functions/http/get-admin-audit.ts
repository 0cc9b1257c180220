import * as z from 'zod';
import type { AdminAuditResponse } from '#shared/api/admin-types.ts';
import { listAudit } from '#shared/db/audit.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** The cursor is the sort key of the last entry of the previous page, base64url: `<ISO time>#<id>`. */
const AUDIT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{12}$/;

const query = z.strictObject({
  cursor: z
    .string()
    .max(100)
    .transform((c) => Buffer.from(c, 'base64url').toString('utf8'))
    .refine((k) => AUDIT_KEY.test(k), 'Not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** GET /api/admin/audit?cursor=&limit= — the admin actions, newest first. Admins only (route table). */
export const handler = httpHandler(
  'GET /api/admin/audit',
  { query, summary: 'The audit list of admin actions, newest first (admin)' },
  async ({ query }): Promise<AdminAuditResponse> => {
    const page = await listAudit(table, query.limit, query.cursor);
    return {
      entries: page.entries,
      cursor: page.next ? Buffer.from(page.next, 'utf8').toString('base64url') : null,
    };
  },
);
