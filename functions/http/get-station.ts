import { stationIdPath, stationResponse } from '#shared/api/schemas.ts';
import type { StationResponse } from '#shared/api/types.ts';
import { parisClock } from '#shared/domain/time.ts';
import { toStationDetail } from '#shared/snapshot/present.ts';
import { loadStationsView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { publishedStation, requestTime, snapshotView } from './lib/snapshot.ts';

/** The station ids of the published run; each station's shard (with its ranks) loaded once when asked for. */
export const view = snapshotView(loadStationsView);

/** GET /api/stations/{id} — one station: hours, services, stock, and each price's rank that day. */
export const handler = httpHandler(
  'GET /api/stations/{id}',
  {
    path: stationIdPath,
    response: stationResponse,
    summary: 'One station, with national and département ranks of its prices',
    cache: SNAPSHOT_CACHE,
    etag: view.timeTag,
  },
  async ({ path }) => {
    const snap = await view.get();
    const found = await publishedStation(snap, path.id);
    const now = requestTime();
    return {
      version: snap.version,
      station: toStationDetail(found.station, found, now, parisClock(now)),
    } satisfies StationResponse;
  },
);
