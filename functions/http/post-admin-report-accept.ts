import { adminReportDecisionResponse, decisionBody, reportPath } from '#shared/api/report-schemas.ts';
import { httpHandler } from './lib/middleware.ts';
import { decide } from './lib/reports.ts';

/**
 * POST /api/admin/reports/{id}/accept — accepts a pending report (audited). A name, brand or position becomes
 * the station's override: it wins over OpenStreetMap from the next ingest on and survives the weekly names
 * refresh (`effect: 'override'`). A closed or price report only records the decision (`'decision-only'`).
 * 404 for an unknown report, 409 when it was already decided. Admins only.
 */
export const handler = httpHandler(
  'POST /api/admin/reports/{id}/accept',
  {
    path: reportPath,
    body: decisionBody,
    response: adminReportDecisionResponse,
    errors: [404, 409],
    summary: 'Accept a report: a name, brand or position overrides OpenStreetMap (admin; audited)',
  },
  async ({ caller, path, body }) => decide(caller, path.id, 'accepted', body.note || null),
);
