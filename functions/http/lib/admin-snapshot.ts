import type { FlagExamples } from '#shared/admin/health.ts';
import type { PublishedData } from '#shared/db/runs.ts';
import { loadFlagsView } from '#shared/snapshot/views.ts';
import { logger } from './middleware.ts';
import { snapshotView } from './snapshot.ts';

/** Example station ids per feed flag of the published run, as the ingest picked them (the flags part). */
export const view = snapshotView(loadFlagsView);

/**
 * Example station ids per feed flag, from the published snapshot (the run record keeps counts only).
 * A snapshot that cannot be read gives no examples rather than failing the health page.
 */
export async function snapshotFlagExamples(
  published: PublishedData | null,
): Promise<{ runId: string; byFlag: FlagExamples } | null> {
  if (!published) return null;
  try {
    const flags = await view.store.get();
    return flags ? { runId: flags.version.runId, byFlag: flags.byFlag } : null;
  } catch (error) {
    logger.warn('snapshot unreadable: quirks without examples', { error, runId: published.runId });
    return null;
  }
}
