import createError from 'http-errors';
import { historyQuery, historyResponse, stationIdPath } from '#shared/api/schemas.ts';
import type { HistoryResponse } from '#shared/api/types.ts';
import { readPriceHistory } from '#shared/db/history.ts';
import { parisLocalDateTime } from '#shared/domain/time.ts';
import { toApiPrice } from '#shared/snapshot/present.ts';
import { loadStationsView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { requestTime, snapshotView } from './lib/snapshot.ts';
import { table } from './lib/table.ts';

/** The station ids of the published run; each station's shard loaded once when asked for. */
export const view = snapshotView(loadStationsView);

/** GET /api/stations/{id}/history — price changes over the last `days`, one Query per fuel (≤ 6, parallel). */
export const handler = httpHandler(
  'GET /api/stations/{id}/history',
  {
    path: stationIdPath,
    query: historyQuery,
    response: historyResponse,
    summary: 'Price changes of a station over the last days (one fuel, or every fuel it sells)',
    cache: SNAPSHOT_CACHE,
    etag: view.timeTag,
  },
  async ({ path, query }) => {
    const snap = await view.get();
    const station = (await snap.find(path.id))?.station;
    if (!station)
      throw createError(404, `No station ${path.id} in the current feed`, { code: 'not_found', field: 'id' });
    const to = requestTime();
    const from = to - query.days * 86_400_000;
    const prices = [...station.prices].sort((a, b) => a.fuelId - b.fuelId);
    const fuels = query.fuel ? [query.fuel] : prices.map((p) => p.fuel);
    const series = await Promise.all(
      fuels.map(async (fuel) => {
        const current = prices.find((p) => p.fuel === fuel);
        return {
          fuel,
          points: await readPriceHistory(
            table,
            station.id,
            fuel,
            parisLocalDateTime(from),
            parisLocalDateTime(to),
          ),
          current: current ? toApiPrice(current, to) : null,
        };
      }),
    );
    return {
      version: snap.version,
      stationId: station.id,
      days: query.days,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      series,
    } satisfies HistoryResponse;
  },
);
