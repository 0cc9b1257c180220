import { nearbyQueryHash } from '#shared/api/cursor.ts';
import { nearbyResponse, stationsQuery } from '#shared/api/schemas.ts';
import type { NearbyResponse } from '#shared/api/types.ts';
import { parisClock } from '#shared/domain/time.ts';
import { findNearby, nearbyItems } from '#shared/snapshot/nearby.ts';
import { toNearbyStation } from '#shared/snapshot/present.ts';
import { loadGeoView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { cursors } from './lib/cursors.ts';
import { httpHandler } from './lib/middleware.ts';
import { requestTime, snapshotView } from './lib/snapshot.ts';

/** The kd-tree of the published run; the stations of the shards a query reaches, loaded once each. */
export const view = snapshotView(loadGeoView);

/** GET /api/stations — stations around a point, by distance or by a fuel's price; paged with a cursor. */
export const handler = httpHandler(
  'GET /api/stations',
  {
    query: stationsQuery,
    response: nearbyResponse,
    summary: 'Stations around a point',
    cache: SNAPSHOT_CACHE,
    etag: view.timeTag,
  },
  async ({ query: { cursor, limit, brand, ...params } }) => {
    const snap = await view.get();
    const q = { ...params, fuel: params.fuel ?? null, road: params.road ?? null, brands: brand ?? [] };
    const expected = { queryHash: nearbyQueryHash(q), runId: snap.version.runId };
    const offset = await cursors.offset(cursor, expected);
    const now = requestTime();
    const clock = parisClock(now);
    const items = nearbyItems(snap.geo, q);
    await snap.load(items);
    const hits = findNearby(snap, q, now, clock, items);
    const end = offset + limit;
    return {
      version: snap.version,
      query: { ...q, limit },
      total: hits.length,
      withoutFuel: q.sort === 'price' ? 'last' : null,
      unknownHours: q.openNow ? 'excluded' : 'included',
      stations: hits.slice(offset, end).map((hit) => toNearbyStation(hit, now, clock)),
      nextCursor: end < hits.length ? await cursors.encode({ ...expected, offset: end }) : null,
    } satisfies NearbyResponse;
  },
);
