/** What validation looks at: the new feed's counts and the last good (published) run's. */
export interface FeedCounts {
  stations: number;
  prices: number;
  /** Out-of-stock records read (ruptures). */
  outOfStock?: number;
  /** Records the reader could not read (stations or prices), left out of the feed. */
  rejected: number;
  /** The feed's newest price date (ISO); null when it has no readable one. */
  newestPrice?: string | null;
}

/** What validation compares against: the published pointer (its run, station count and newest price date). */
interface LastGood {
  stations: number;
  feedTime?: string | null;
  runId?: string;
}

export interface ValidationRules {
  maxShrink: number;
  maxRejectedRatio: number;
  force: boolean;
}

type Refusal = 'FEED_OLDER' | 'SHRUNK' | 'UNREADABLE';

export type Validation =
  | { ok: true; warnings: string[] }
  | { ok: false; code: Refusal | 'EMPTY'; message: string };

/**
 * Decides whether a feed may be published. Refused: no station at all; a newest price older than the
 * published one's (the feed goes back in time: an old fallback file, a stale mirror); fewer stations than
 * (1 − maxShrink) × the last good run's; more than maxRejectedRatio of its records unreadable.
 * With `force`, a refusal becomes a warning and the feed is published (except an empty feed: nothing to serve).
 */
export function validateFeed(
  feed: FeedCounts,
  lastGood: LastGood | null,
  rules: ValidationRules,
): Validation {
  if (feed.stations === 0) return { ok: false, code: 'EMPTY', message: 'the feed has no station' };
  const problems: { code: Refusal; message: string }[] = [];
  const older = olderThanPublished(feed.newestPrice ?? null, lastGood);
  if (older) problems.push({ code: 'FEED_OLDER', message: older });
  if (lastGood && lastGood.stations > 0 && feed.stations < lastGood.stations * (1 - rules.maxShrink)) {
    const change = Math.round((feed.stations / lastGood.stations - 1) * 100);
    problems.push({
      code: 'SHRUNK',
      message: `${feed.stations} stations, last good run had ${lastGood.stations} (${change}%, more than -${pct(rules.maxShrink)} refused)`,
    });
  }
  const records = feed.stations + feed.prices + (feed.outOfStock ?? 0) + feed.rejected;
  if (feed.rejected / records > rules.maxRejectedRatio) {
    problems.push({
      code: 'UNREADABLE',
      message: `${feed.rejected} of ${records} records unreadable (${pct(feed.rejected / records)}, more than ${pct(rules.maxRejectedRatio)} refused)`,
    });
  }
  const [first] = problems;
  if (!first) return { ok: true, warnings: [] };
  if (rules.force) return { ok: true, warnings: problems.map((p) => `forced past ${p.code}: ${p.message}`) };
  return { ok: false, code: first.code, message: problems.map((p) => p.message).join('; ') };
}

/**
 * Why the feed goes back in time, or null. Instants are compared, not strings (the dates carry offsets).
 * A feed or a pointer without a readable date cannot be compared: not refused.
 */
function olderThanPublished(newest: string | null, lastGood: LastGood | null): string | null {
  const published = lastGood?.feedTime ?? null;
  if (!newest || !published) return null;
  const [mine, theirs] = [Date.parse(newest), Date.parse(published)];
  if (!Number.isFinite(mine) || !Number.isFinite(theirs) || mine >= theirs) return null;
  const run = lastGood?.runId ? ` (run ${lastGood.runId})` : '';
  return `newest price ${newest} is older than the published data's ${published}${run}`;
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
