import type { NamesCoverage } from './names.ts';

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
  /**
   * The names joined into this snapshot (issue 16, docs/INGEST.md "Names and brands"): the names table's
   * version and a hash of the overrides (null: none). A run whose names differ re-publishes even an
   * unchanged feed. Absent on pointers from before names: read as null.
   */
  namesVersion?: string | null;
  overridesHash?: string | null;
  /** How many of the published stations carry a name or a brand (served by /api/health). */
  names?: NamesCoverage;
  /** Earlier snapshots still kept (newest first), so the next publish knows what to delete without listing. */
  olderSnapshots?: {
    runId: string;
    snapshotKey: string;
    indexKey?: string;
    parts?: { shardSize: number; shards: number; located: number };
  }[];
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

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
  /** A forced run rewrites even an unchanged feed. */
  force?: boolean;
  /** Why a run was skipped, and the details (the lock holder, what was unchanged). */
  reason?: 'locked' | 'unchanged';
  lockedBy?: string | null;
  detail?: string;
  /** The names joined (see PublishedData), and their coverage over the stations read. */
  namesVersion?: string | null;
  overridesHash?: string | null;
  names?: NamesCoverage;
  /** The published run this one diffed against (null: the first run). */
  previousRunId?: string | null;
  /** The sources tried, in order, and why each one that failed did. */
  attempts?: { source: string; error?: string }[];
  /** SHA-256 of the raw feed bytes, and its newest price date (ISO). */
  feedHash?: string;
  feedTime?: string | null;
  /** S3 key of the archived raw feed (archive bucket); null once an identical feed's copy was dropped. */
  archiveKey?: string | null;
  removed?: number;
  stationsWritten?: number;
  historyWritten?: number;
  removedMarked?: number;
  writeRequests?: number;
  writeRetries?: number;
  snapshotKey?: string;
  snapshotBytes?: number;
  indexBytes?: number;
  partsBytes?: number;
  /** The daily statistics written after the publish (shared/db/daily-stats.ts). */
  statsDay?: string;
  statsRows?: number;
  statsWritten?: number;
  /** What was handed to the price alerts: the changes file, or why nothing was (shared/ingest/alerts-hook.ts). */
  alerts?: { changesKey: string; changes: number } | 'no-previous-run' | 'no-changes';
  /** Problems after the publish that did not fail the run. */
  warnings?: string[];
  /** Milliseconds per phase (shared/ingest/run-record.ts). */
  timings?: Record<string, number>;
}
