import { type FlagExamples, flagExamples } from '#shared/admin/health.ts';
import type { PublishedData } from '#shared/db/runs.ts';
import { logger } from './middleware.ts';
import { store } from './snapshot.ts';

/** Kept per published run: computed once per run and instance from the snapshot the store holds. */
let cached: { runId: string; byFlag: FlagExamples } | null = null;

/**
 * Example station ids per feed flag, from the published snapshot (the run record keeps counts only).
 * A snapshot that cannot be read gives no examples rather than failing the health page.
 */
export async function snapshotFlagExamples(
  published: PublishedData | null,
): Promise<{ runId: string; byFlag: FlagExamples } | null> {
  if (!published) return null;
  if (cached?.runId === published.runId) return cached;
  try {
    const snapshot = await store.get();
    if (!snapshot) return null;
    cached = { runId: snapshot.version.runId, byFlag: flagExamples(snapshot.stations) };
    return cached;
  } catch (error) {
    logger.warn('snapshot unreadable: quirks without examples', { error, runId: published.runId });
    return null;
  }
}
