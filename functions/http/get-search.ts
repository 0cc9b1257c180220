import { searchQuery, searchResponse } from '#shared/api/schemas.ts';
import type { SearchResponse } from '#shared/api/types.ts';
import { search } from '#shared/domain/search.ts';
import { SNAPSHOT_CACHE } from './cache.ts';
import { httpHandler } from './middleware.ts';
import { loadSnapshot, snapshotTag } from './snapshot.ts';

/** GET /api/search?q= — towns (with a centre), postcodes, départements and addresses. */
export const handler = httpHandler(
  'GET /api/search',
  {
    query: searchQuery,
    response: searchResponse,
    summary: 'Find places and stations by town, postcode, département or address',
    cache: SNAPSHOT_CACHE,
    etag: snapshotTag,
  },
  async ({ query }) => {
    const snap = await loadSnapshot();
    return {
      version: snap.version,
      q: query.q,
      ...search(snap.search, query.q, query.limit),
    } satisfies SearchResponse;
  },
);
