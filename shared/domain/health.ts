import type { NamesCoverage } from './names.ts';
import { dataStatus, FRESHNESS, secondsSince } from './price-age.ts';
import type { IngestRun, PublishedData } from './run.ts';

/** Published data older than this is late (price-age.ts holds every freshness threshold). */
export const STALE_AFTER_SECONDS = FRESHNESS.latePublishSeconds;

export interface DataHealth {
  /** `stale` when the last publication is late or the feed itself is old (price-age.ts `dataStatus`). */
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
  const ageSeconds = published ? (secondsSince(published.publishedAt, now.getTime()) ?? 0) : null;
  return {
    status: dataStatus(published, now.getTime()),
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
