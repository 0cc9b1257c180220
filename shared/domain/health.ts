import type { NamesCoverage } from './names.ts';
import type { IngestRun, PublishedData } from './run.ts';

/** Data older than this is shown as stale: upstream refreshes every few minutes, we ingest every 15. */
export const STALE_AFTER_SECONDS = 2 * 3600;

export interface DataHealth {
  status: 'ok' | 'stale' | 'empty';
  stations: number;
  prices: number;
  /** When the published data was ingested, and how long ago. */
  publishedAt: string | null;
  ageSeconds: number | null;
  /** The newest price date in the published feed. */
  feedTime: string | null;
  lastRun: Pick<IngestRun, 'status' | 'startedAt' | 'finishedAt' | 'error'> | null;
  /** Names and brands over the published stations (issue 16); null before a run recorded them. */
  names: NamesCoverage | null;
}

export function dataHealth(
  published: PublishedData | null,
  lastRun: IngestRun | null,
  now: Date,
): DataHealth {
  const ageSeconds = published
    ? Math.max(0, Math.round((now.getTime() - Date.parse(published.publishedAt)) / 1000))
    : null;
  return {
    status: !published ? 'empty' : (ageSeconds ?? 0) > STALE_AFTER_SECONDS ? 'stale' : 'ok',
    stations: published?.stations ?? 0,
    prices: published?.prices ?? 0,
    publishedAt: published?.publishedAt ?? null,
    ageSeconds,
    feedTime: published?.feedTime ?? null,
    lastRun: lastRun
      ? {
          status: lastRun.status,
          startedAt: lastRun.startedAt,
          finishedAt: lastRun.finishedAt,
          error: lastRun.error,
        }
      : null,
    names: published?.names ?? null,
  };
}
