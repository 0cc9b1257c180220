import type { Station } from './station.ts';

/** Which feed a response comes from: every API response carries it. */
export interface FeedVersion {
  runId: string;
  /** SHA-256 of the raw feed bytes. */
  feedHash: string;
  /** Newest price date in the feed (ISO with offset). */
  feedTime: string | null;
  publishedAt: string;
}

/**
 * The published snapshot (gzip JSON in the data bucket, key in the PUBLISHED pointer): every station of the
 * last good run. Written by shared/ingest, read by the API functions (kept in memory, spatially indexed).
 */
export interface Snapshot {
  version: FeedVersion;
  stations: Station[];
  /** stationId → content hash, so the next ingest diffs without reading the table. */
  hashes?: Record<string, string>;
}
