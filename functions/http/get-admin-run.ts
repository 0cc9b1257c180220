import createError from 'http-errors';
import { adminRunResponse, runPath } from '#shared/api/admin-schemas.ts';
import { getRun } from '#shared/db/runs.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * GET /api/admin/runs/{startedAt} — one ingest run's full record (counts, flags, timings, source attempts,
 * warnings, error). The ingest does not record its log lines: `logs` says where they are. 404 if unknown.
 */
export const handler = httpHandler(
  'GET /api/admin/runs/{startedAt}',
  { path: runPath, response: adminRunResponse, summary: "One ingest run's record (admin)" },
  async ({ path }) => {
    const run = await getRun(table, path.startedAt);
    if (!run)
      throw createError(404, `No run started at ${path.startedAt}`, {
        code: 'not_found',
        field: 'startedAt',
      });
    return {
      run,
      logLines: null,
      logs: `The ingest function's CloudWatch log group (service "ingest"): every line of this run carries runId ${run.runId}.`,
    };
  },
);
