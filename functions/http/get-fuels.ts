import { FUEL_LIST, fuelsResponse } from '#shared/api/schemas.ts';
import type { FuelsResponse } from '#shared/api/types.ts';
import { FUELS_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { publishedVersion } from './lib/published.ts';

/** GET /api/fuels — the six fuels (static), with the published feed version (null before the first ingest). */
export const handler = httpHandler(
  'GET /api/fuels',
  {
    response: fuelsResponse,
    summary: 'The fuels of the feed: id, code, label',
    cache: FUELS_CACHE,
    etag: async () => (await publishedVersion())?.runId ?? 'none',
  },
  async () => ({ version: await publishedVersion(), fuels: FUEL_LIST }) satisfies FuelsResponse,
);
