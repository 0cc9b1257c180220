import { HISTORY_DEFAULT_DAYS, historyQuery, historyResponse, stationIdPath } from '#shared/api/schemas.ts';
import type { HistoryResponse } from '#shared/api/types.ts';
import { parisDay, parisInstant } from '#shared/domain/time.ts';
import { stationChanges } from '#shared/history/changes.ts';
import { downsample, resolutionFor } from '#shared/history/downsample.ts';
import { toApiPrice } from '#shared/snapshot/present.ts';
import { loadStationsView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { archive as reader } from './lib/history.ts';
import { httpHandler } from './lib/middleware.ts';
import { publishedStation, requestTime, snapshotView } from './lib/snapshot.ts';
import { table } from './lib/table.ts';

/** The station ids of the published run; each station's shard loaded once when asked for. */
export const view = snapshotView(loadStationsView);

const DAY_MS = 86_400_000;

/** Paris dates, inclusive, as instants (the end capped at now) and their number of days. */
function dateRange(fromDay: string, toDay: string, now: number) {
  const from = parisInstant(fromDay, 0, 0).getTime();
  const next = new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const end = parisInstant(next, 0, 0).getTime();
  return { from, to: Math.min(now, end - 1), days: Math.round((end - from) / DAY_MS) };
}

/**
 * GET /api/stations/{id}/history — every change of a station over the last `days` or Paris dates from–to,
 * live and archive merged, downsampled by range length (shared/history/downsample.ts). A station must be in
 * the published feed (404 otherwise, even if the archive knows it): its fuels and current prices come from it.
 */
export const handler = httpHandler(
  'GET /api/stations/{id}/history',
  {
    path: stationIdPath,
    query: historyQuery,
    response: historyResponse,
    summary: 'Price changes of a station over the last days or between two dates (one fuel, or all it sells)',
    cache: SNAPSHOT_CACHE,
    etag: view.timeTag,
  },
  async ({ path, query }) => {
    const snap = await view.get();
    const { station } = await publishedStation(snap, path.id);
    const now = requestTime();
    const { from, to, days } = query.from
      ? dateRange(query.from, query.to ?? parisDay(now), now)
      : {
          from: now - (query.days ?? HISTORY_DEFAULT_DAYS) * DAY_MS,
          to: now,
          days: query.days ?? HISTORY_DEFAULT_DAYS,
        };
    const prices = [...station.prices].sort((a, b) => a.fuelId - b.fuelId);
    const fuels = query.fuel ? [query.fuel] : prices.map((p) => p.fuel);
    const [changes, years] = await Promise.all([
      stationChanges({ table, reader }, station.id, fuels, from, to),
      reader.years(),
    ]);
    const first = years[0]; // oldest first
    const resolution = resolutionFor(days);
    return {
      version: snap.version,
      stationId: station.id,
      days,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      archiveFrom: first ? (first.firstDay ?? `${first.year}-01-01`) : null,
      series: fuels.map((fuel) => {
        const current = prices.find((p) => p.fuel === fuel);
        return {
          fuel,
          ...downsample(changes.get(fuel) ?? [], resolution),
          current: current ? toApiPrice(current, now) : null,
        };
      }),
    } satisfies HistoryResponse;
  },
);
