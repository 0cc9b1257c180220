import { brandsResponse } from '#shared/api/brand-schemas.ts';
import type { BrandsResponse } from '#shared/api/brand-types.ts';
import { loadBrandsView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { snapshotView } from './lib/snapshot.ts';

/** The brand list of the published run, as the ingest counted it (shared/snapshot/parts.ts). */
export const view = snapshotView(loadBrandsView);

/** GET /api/brands — the brands of the published stations with their counts, most stations first. */
export const handler = httpHandler(
  'GET /api/brands',
  {
    response: brandsResponse,
    summary: 'Station brands (OpenStreetMap, ODbL) with their station counts',
    cache: SNAPSHOT_CACHE,
    etag: view.tag,
  },
  async () => {
    const snap = await view.get();
    return { version: snap.version, brands: [...snap.brands] } satisfies BrandsResponse;
  },
);
