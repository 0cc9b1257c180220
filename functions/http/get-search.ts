import { searchQuery, searchResponse } from '#shared/api/schemas.ts';
import type { SearchResponse } from '#shared/api/types.ts';
import { search } from '#shared/domain/search.ts';
import { loadSearchView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { snapshotView } from './lib/snapshot.ts';

/** The search index of the published run, as the ingest built it. */
export const view = snapshotView(loadSearchView);

/** GET /api/search?q= — towns (with a centre), postcodes, départements and addresses. */
export const handler = httpHandler(
  'GET /api/search',
  {
    query: searchQuery,
    response: searchResponse,
    summary: 'Find places and stations by town, postcode, département or address',
    cache: SNAPSHOT_CACHE,
    etag: view.tag,
  },
  async ({ query }) => {
    const snap = await view.get();
    return {
      version: snap.version,
      q: query.q,
      ...search(snap.search, query.q, query.limit),
    } satisfies SearchResponse;
  },
);
