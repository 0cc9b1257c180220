import { healthResponse } from '#shared/api/schemas.ts';
import { getPublished, listRuns } from '#shared/db/runs.ts';
import { dataHealth } from '#shared/domain/health.ts';
import { HEALTH_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/health — is the data there and fresh? Public, cheap (two small reads), cached briefly. */
export const handler = httpHandler(
  'GET /api/health',
  { response: healthResponse, summary: 'Is the data there and fresh?', cache: HEALTH_CACHE },
  async () => {
    const [published, [lastRun]] = await Promise.all([getPublished(table), listRuns(table, 1)]);
    return dataHealth(published, lastRun ?? null, new Date());
  },
);
