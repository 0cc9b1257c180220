/**
 * The ingest's records: each run, and the pointer to what the last successful one published. Stored by
 * shared/db/runs.ts, read by the health and admin routes and by the site's admin page.
 */

/** What the last successful ingest published; the API serves only this. */
export interface PublishedData {
  runId: string;
  /** S3 key of the gzip JSON snapshot in the data bucket. */
  snapshotKey: string;
  /** SHA-256 of the raw feed bytes. */
  feedHash: string;
  /** Newest price date in the feed (ISO), i.e. how fresh the data is. */
  feedTime: string | null;
  publishedAt: string;
  stations: number;
  prices: number;
  /** S3 key (data bucket) of the compact id → content-hash index the next run diffs against. */
  indexKey?: string;
  /** Where the feed came from, and the validators it was served with (for a conditional GET next time). */
  feedSource?: string;
  feedEtag?: string;
  feedLastModified?: string;
  /**
   * The layout of the run's pre-built parts under `snapshot/<runId>/` (shared/snapshot/parts.ts), which the
   * API loads instead of the whole snapshot; absent for runs published before parts existed.
   */
  parts?: { shardSize: number; shards: number; located: number };
  /** Earlier snapshots still kept (newest first), so the next publish knows what to delete without listing. */
  olderSnapshots?: {
    runId: string;
    snapshotKey: string;
    indexKey?: string;
    parts?: { shardSize: number; shards: number; located: number };
  }[];
}

type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

/** One ingest run, as recorded in the table (PK RUN, SK startedAt). */
export interface IngestRun {
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** URL or file the feed came from. */
  source?: string;
  trigger?: string;
  bytes?: number;
  xmlBytes?: number;
  stations?: number;
  prices?: number;
  changed?: number;
  written?: number;
  skipped?: number;
  rejected?: number;
  flags?: Record<string, number>;
  error?: { code: string; message: string };
  [extra: string]: unknown;
}
