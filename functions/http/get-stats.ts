import { statsQuery, statsResponse } from '#shared/api/schemas.ts';
import type { StatsResponse } from '#shared/api/types.ts';
import { readDailyBrandSeries, readDailySeries } from '#shared/db/daily-stats.ts';
import { dayRange } from '#shared/domain/calendar.ts';
import { FUEL_CODES } from '#shared/domain/fuels.ts';
import { foldName } from '#shared/domain/names.ts';
import { NATIONAL } from '#shared/domain/stats.ts';
import { toCurrentStats } from '#shared/snapshot/present.ts';
import { loadStatsView } from '#shared/snapshot/views.ts';
import { STATS_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { snapshotView } from './lib/snapshot.ts';
import { table } from './lib/table.ts';

/** The current figures of the published run, as the ingest computed them. */
export const view = snapshotView(loadStatsView);

/** GET /api/stats — current figures from the snapshot, and the daily series the ingest recorded; `brand=` splits both. */
export const handler = httpHandler(
  'GET /api/stats',
  {
    query: statsQuery,
    response: statsResponse,
    summary: 'Price statistics: current national and département figures, and daily series',
    cache: STATS_CACHE,
    // The ingest writes the day's STATS# items just after flipping the pointer: tag by minute, not by run.
    etag: view.timeTag,
  },
  async ({ query }) => {
    const snap = await view.get();
    const fuels = query.fuel ? [query.fuel] : FUEL_CODES;
    const days = dayRange(snap.day, query.days);
    const dept = query.dept ?? NATIONAL;
    // A brand: the same figures over its stations (an unknown brand has none).
    const brandKey = query.brand ? foldName(query.brand) : null;
    return {
      version: snap.version,
      day: snap.day,
      current: toCurrentStats(brandKey ? (snap.byBrand[brandKey] ?? []) : snap.stats, fuels, query.dept),
      series: brandKey
        ? await readDailyBrandSeries(table, days, brandKey, dept, fuels)
        : await readDailySeries(table, days, dept, fuels),
      days: query.days,
      brand: query.brand ?? null,
    } satisfies StatsResponse;
  },
);
