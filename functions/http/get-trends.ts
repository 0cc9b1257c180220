import createError from 'http-errors';
import { trendsQuery, trendsResponse } from '#shared/api/trends-schemas.ts';
import type { TrendsResponse } from '#shared/api/trends-types.ts';
import { readDailySeries } from '#shared/db/daily-stats.ts';
import { FUEL_CODES } from '#shared/domain/fuels.ts';
import { NATIONAL } from '#shared/domain/stats.ts';
import { parisDay } from '#shared/domain/time.ts';
import { liveDays, trendSeries, WEEKLY_BEYOND_DAYS } from '#shared/history/trend-series.ts';
import { BACKFILL } from '#shared/platform.ts';
import { STATS_CACHE } from './lib/cache.ts';
import { archive } from './lib/history.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/trends — daily (or weekly) medians per fuel since 2007: the archive, then the live days. */
export const handler = httpHandler(
  'GET /api/trends',
  {
    query: trendsQuery,
    response: trendsResponse,
    summary: 'Median prices per fuel since 2007, national or per département, archive joined with live days',
    cache: STATS_CACHE,
  },
  async ({ query }) => {
    const today = parisDay(Date.now());
    const from = query.from ?? `${BACKFILL.firstYear}-01-01`;
    const to = query.to && query.to < today ? query.to : today;
    if (from > to) throw createError(400, 'from is after today', { code: 'invalid', field: 'from' });
    const dept = query.dept ?? NATIONAL;
    const fuels = query.fuel ? [query.fuel] : FUEL_CODES;
    const years = await archive.years();
    const [stored, live] = await Promise.all([
      archive.trends(dept, fuels, from, to),
      readDailySeries(table, liveDays(from, to, years), dept, fuels),
    ]);
    const days = years
      .flatMap((y) => [y.firstDay, y.lastDay])
      .filter((d) => d !== null)
      .sort();
    return {
      dept,
      from,
      to,
      weeklyBeyondDays: WEEKLY_BEYOND_DAYS,
      archive: { years: years.map((y) => y.year), firstDay: days[0] ?? null, lastDay: days.at(-1) ?? null },
      ...trendSeries({ from, to, fuels, archive: stored, live }),
    } satisfies TrendsResponse;
  },
);
