import { buildHealth } from '#shared/admin/health.ts';
import { adminHealthResponse } from '#shared/api/admin-schemas.ts';
import { getPublished, listRuns } from '#shared/db/runs.ts';
import { snapshotFlagExamples } from './lib/admin-snapshot.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** The runs the console shows (one Query page: run records are a few kB each). */
const RUNS = 100;

/**
 * GET /api/admin/health — the last 100 ingest runs, the data age, chart series (durations, changed
 * stations) and the feed quirks of the last run with example station ids. Admins only (route table).
 */
export const handler = httpHandler(
  'GET /api/admin/health',
  {
    response: adminHealthResponse,
    summary: 'Data health: ingest runs, data age, chart series, feed quirks (admin)',
  },
  async () => {
    const [published, runs] = await Promise.all([getPublished(table), listRuns(table, RUNS)]);
    return buildHealth(runs, published, await snapshotFlagExamples(published), new Date());
  },
);
