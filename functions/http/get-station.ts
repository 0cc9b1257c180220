import createError from 'http-errors';
import { stationIdPath, stationResponse } from '#shared/api/schemas.ts';
import type { StationResponse } from '#shared/api/types.ts';
import { parisClock } from '#shared/domain/opening-hours.ts';
import { toStationDetail } from '#shared/snapshot/present.ts';
import { SNAPSHOT_CACHE } from './cache.ts';
import { httpHandler } from './middleware.ts';
import { loadSnapshot, requestTime, snapshotTimeTag } from './snapshot.ts';

/** GET /api/stations/{id} — one station: hours, services, stock, and each price's rank that day. */
export const handler = httpHandler(
  'GET /api/stations/{id}',
  {
    path: stationIdPath,
    response: stationResponse,
    summary: 'One station, with national and département ranks of its prices',
    cache: SNAPSHOT_CACHE,
    etag: snapshotTimeTag,
  },
  async ({ path }) => {
    const snap = await loadSnapshot();
    const station = snap.byId.get(path.id);
    if (!station)
      throw createError(404, `No station ${path.id} in the current feed`, { code: 'not_found', field: 'id' });
    const now = requestTime();
    return {
      version: snap.version,
      station: toStationDetail(station, snap.ranks, now, parisClock(now)),
    } satisfies StationResponse;
  },
);
