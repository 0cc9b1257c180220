import { baselineDays, buildDashboard, type DashboardInput, neededMedians } from '../domain/dashboard.ts';
import type { DashboardResponse } from '../domain/dashboard-view.ts';
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
  const [published, medians] = await Promise.all([
    getPublished(table),
    getDeptMedians(table, neededMedians({ ...input, published: null }), baselineDays(input.now)),
  ]);
  return buildDashboard({ ...input, medians, published });
}
