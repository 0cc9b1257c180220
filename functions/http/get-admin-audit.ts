import { adminAuditResponse, auditQuery } from '#shared/api/admin-schemas.ts';
import { listAudit } from '#shared/db/audit.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/admin/audit?cursor=&limit= — the admin actions, newest first. Admins only (route table). */
export const handler = httpHandler(
  'GET /api/admin/audit',
  {
    query: auditQuery,
    response: adminAuditResponse,
    summary: 'The audit list of admin actions, newest first (admin)',
  },
  async ({ query }) => {
    const page = await listAudit(table, query.limit, query.cursor);
    return {
      entries: page.entries,
      cursor: page.next ? Buffer.from(page.next, 'utf8').toString('base64url') : null,
    };
  },
);
