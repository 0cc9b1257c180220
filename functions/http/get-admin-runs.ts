import { adminRunsResponse, runsQuery } from '#shared/api/admin-schemas.ts';
import { listRuns } from '#shared/db/runs.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/admin/runs — the latest ingest runs, newest first. Admins only (route table). */
export const handler = httpHandler(
  'GET /api/admin/runs',
  { query: runsQuery, response: adminRunsResponse, summary: 'The latest ingest runs, newest first (admin)' },
  async ({ query }) => ({ runs: await listRuns(table, query.limit) }),
);
