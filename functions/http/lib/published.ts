import { getPublished } from '#shared/db/runs.ts';
import type { FeedVersion } from '#shared/domain/snapshot.ts';
import { SNAPSHOT_CHECK_MS } from '#shared/snapshot/store.ts';
import { table } from './table.ts';

let cached: { version: FeedVersion | null; until: number } | null = null;

/** The published feed version from the pointer alone (no snapshot download), checked at most once a minute. */
export async function publishedVersion(): Promise<FeedVersion | null> {
  if (cached && Date.now() < cached.until) return cached.version;
  const p = await getPublished(table);
  const version = p
    ? { runId: p.runId, feedHash: p.feedHash, feedTime: p.feedTime, publishedAt: p.publishedAt }
    : null;
  cached = { version, until: Date.now() + SNAPSHOT_CHECK_MS };
  return version;
}
