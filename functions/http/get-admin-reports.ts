import { adminReportsQuery, adminReportsResponse } from '#shared/api/report-schemas.ts';
import { getReportStations, listReports } from '#shared/db/reports.ts';
import { httpHandler } from './lib/middleware.ts';
import { adminReport } from './lib/reports.ts';
import { table } from './lib/table.ts';

/**
 * GET /api/admin/reports?status=pending|accepted|rejected&cursor=&limit= — the reports queue: pending oldest
 * first, decided ones newest first, each with what its station says now. A read: not audited. Admins only.
 */
export const handler = httpHandler(
  'GET /api/admin/reports',
  {
    query: adminReportsQuery,
    response: adminReportsResponse,
    summary: 'The reports queue by status, with each station as it is now (admin)',
  },
  async ({ query }) => {
    const page = await listReports(table, query.status, query.limit, query.cursor);
    const stations = await getReportStations(
      table,
      page.reports.map((r) => r.stationId),
    );
    return {
      status: query.status,
      reports: page.reports.map((r) => adminReport(r, stations.get(r.stationId))),
      cursor: page.next ? Buffer.from(page.next, 'utf8').toString('base64url') : null,
    };
  },
);
