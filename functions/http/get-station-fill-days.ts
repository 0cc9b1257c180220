import { fillDaysQuery, fillDaysResponse } from '#shared/api/fill-days-schemas.ts';
import type { FillDaysResponse } from '#shared/api/fill-days-types.ts';
import { stationIdPath } from '#shared/api/schemas.ts';
import { FILL_DAYS, fillDays } from '#shared/domain/fill-days.ts';
import { stationChanges } from '#shared/history/changes.ts';
import { loadStationsView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { archive as reader } from './lib/history.ts';
import { httpHandler } from './lib/middleware.ts';
import { publishedStation, requestTime, snapshotView } from './lib/snapshot.ts';
import { table } from './lib/table.ts';

/** The station ids of the published run; each station's shard loaded once when asked for. */
export const view = snapshotView(loadStationsView);

const WINDOW_DAYS = FILL_DAYS.windowWeeks * 7;

/**
 * GET /api/stations/{id}/fill-days — "Quand faire le plein ?" (issue 18 item 5): per fuel, the weekday means
 * of the last 12 weeks and whether a day stands out (shared/domain/fill-days.ts). A station must be in the
 * published feed (404 otherwise), as for its history.
 */
export const handler = httpHandler(
  'GET /api/stations/{id}/fill-days',
  {
    path: stationIdPath,
    query: fillDaysQuery,
    response: fillDaysResponse,
    summary: 'On which weekday a station’s fuel is usually cheapest, over the last 12 weeks',
    cache: SNAPSHOT_CACHE,
    etag: view.timeTag,
  },
  async ({ path, query }) => {
    const snap = await view.get();
    const { station } = await publishedStation(snap, path.id);
    const now = requestTime();
    const from = now - WINDOW_DAYS * 86_400_000;
    const prices = [...station.prices].sort((a, b) => a.fuelId - b.fuelId);
    const fuels = query.fuel ? [query.fuel] : prices.map((p) => p.fuel);
    // The price in effect when the window opens is carried in, or its first days would count as unknown.
    const changes = await stationChanges({ table, reader }, station.id, fuels, from, now, { carryIn: true });
    return {
      version: snap.version,
      stationId: station.id,
      from: new Date(from).toISOString(),
      to: new Date(now).toISOString(),
      windowDays: WINDOW_DAYS,
      fuels: fuels.map((fuel) => {
        // Today's price is a change too: it covers a price older than any history read (a station that has
        // not changed it for years), and the days since the last stored change.
        const current = prices.find((p) => p.fuel === fuel && !p.outlier);
        const points = [...(changes.get(fuel) ?? [])];
        if (current) points.push({ at: current.updatedAt, price: current.price });
        return { fuel, ...fillDays(points, now) };
      }),
    } satisfies FillDaysResponse;
  },
);
