import { adminReportDecisionResponse, decisionBody, reportPath } from '#shared/api/report-schemas.ts';
import { httpHandler } from './lib/middleware.ts';
import { decide } from './lib/reports.ts';

/**
 * POST /api/admin/reports/{id}/reject — rejects a pending report, with an optional note (audited): nothing
 * changes on the station. 404 for an unknown report, 409 when it was already decided. Admins only.
 */
export const handler = httpHandler(
  'POST /api/admin/reports/{id}/reject',
  {
    path: reportPath,
    body: decisionBody,
    response: adminReportDecisionResponse,
    errors: [404, 409],
    summary: 'Reject a report, with an optional note (admin; audited)',
  },
  async ({ caller, path, body }) => decide(caller, path.id, 'rejected', body.note || null),
);
