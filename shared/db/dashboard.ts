import { baselineDays, buildDashboard, type DashboardInput, neededMedians } from '../domain/dashboard.ts';
import type { DashboardResponse } from '../domain/dashboard-view.ts';
import { referenceMs } from '../domain/price-age.ts';
import type { Table } from './client.ts';
import { getDeptMedians } from './dept-medians.ts';
import { getPublished } from './runs.ts';

/**
 * The dashboard from favourites whose stations are already resolved (from the table for a user, from the
 * snapshot for the demo): adds the last published ingest and the département medians, then builds it.
 */
export async function completeDashboard(
  table: Table,
  input: Omit<DashboardInput, 'medians' | 'published'>,
): Promise<DashboardResponse> {
  // The pointer first: which prices count, and which day's medians, depend on its feed time (price-age.ts).
  const published = await getPublished(table);
  const withPublished = { ...input, published };
  const reference = referenceMs(published?.feedTime, input.now.getTime());
  const medians = await getDeptMedians(table, neededMedians(withPublished), baselineDays(reference));
  return buildDashboard({ ...withPublished, medians });
}
