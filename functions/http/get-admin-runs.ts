import * as z from 'zod';
import { listRuns } from '#shared/db/runs.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

const query = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(100) });

/** GET /api/admin/runs — the latest ingest runs, newest first. Admins only (route table). */
export const handler = httpHandler('GET /api/admin/runs', { query }, async ({ query }) => {
  return { runs: await listRuns(table, query.limit) };
});
