import type { AdminHealthResponse, AdminQuirks, AdminRunRow, AdminRunStatus } from '../api/admin-types.ts';
import type { IngestRun, PublishedData } from '../db/runs.ts';
import { dataHealth, STALE_AFTER_SECONDS } from '../domain/health.ts';
import { secondsSince } from '../domain/price-age.ts';
import type { Station } from '../domain/station.ts';

/** Example station ids kept per feed quirk. */
const QUIRK_EXAMPLES = 5;

/** flag → up to QUIRK_EXAMPLES station ids, in snapshot order. */
export type FlagExamples = Readonly<Record<string, readonly string[]>>;

/**
 * The data-health view of the admin console, from the newest runs (newest first), the published pointer,
 * and example ids per flag from the published snapshot. Pure.
 */
export function buildHealth(
  runs: readonly IngestRun[],
  published: PublishedData | null,
  examples: { runId: string; byFlag: FlagExamples } | null,
  now: Date,
): AdminHealthResponse {
  const rows = runs.map(runRow);
  const counts: Record<AdminRunStatus, number> = { running: 0, succeeded: 0, failed: 0, skipped: 0 };
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const health = dataHealth(published, runs[0] ?? null, now);
  // The status is the site's (price-age.ts `dataStatus`): late publication or an old feed both read "stale".
  const feedAgeSeconds = secondsSince(published?.feedTime, now.getTime());
  const chronological = rows.filter((r) => r.durationMs !== null).reverse();
  return {
    now: now.toISOString(),
    data: {
      status: health.status,
      staleAfterSeconds: STALE_AFTER_SECONDS,
      runId: published?.runId ?? null,
      publishedAt: health.publishedAt,
      ageSeconds: health.ageSeconds,
      feedTime: health.feedTime,
      feedAgeSeconds,
      stations: health.stations,
      prices: health.prices,
    },
    runs: rows,
    counts,
    series: {
      startedAt: chronological.map((r) => Math.round(Date.parse(r.startedAt) / 1000)),
      durationMs: chronological.map((r) => r.durationMs),
      changed: chronological.map((r) => r.changed),
    },
    quirks: quirksOf(runs, examples),
    names: published?.names ?? null,
  };
}

/** The table row of a run record: known fields only, null when the run did not get that far. */
export function runRow(run: IngestRun): AdminRunRow {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: str(run.finishedAt),
    status: run.status,
    trigger: str(run.trigger),
    reason: str(run.reason),
    durationMs: num(run.durationMs),
    bytes: num(run.bytes),
    stations: num(run.stations),
    prices: num(run.prices),
    changed: num(run.changed),
    written: num(run.written),
    rejected: num(run.rejected),
    flags: { ...(run.flags ?? {}) },
    warnings: Array.isArray(run.warnings) ? run.warnings.length : 0,
    error: run.error ? { code: String(run.error.code), message: String(run.error.message) } : null,
    source: str(run.source),
  };
}

/** Feed quirks of the newest run that read a feed: its counts by flag, most frequent first, with examples. */
export function quirksOf(
  runs: readonly IngestRun[],
  examples: { runId: string; byFlag: FlagExamples } | null,
): AdminQuirks | null {
  const run = runs.find((r) => r.flags && typeof r.stations === 'number');
  if (!run?.flags) return null;
  const flags = Object.entries(run.flags)
    .filter(([, count]) => typeof count === 'number' && count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([flag, count]) => ({ flag, count, examples: [...(examples?.byFlag[flag] ?? [])] }));
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    rejected: typeof run.rejected === 'number' ? run.rejected : 0,
    flags,
    examplesFrom: examples?.runId ?? null,
  };
}

/** Up to `max` station ids per flag, in the order the stations come. */
export function flagExamples(
  stations: Iterable<Pick<Station, 'id' | 'flags'>>,
  max = QUIRK_EXAMPLES,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of stations) {
    for (const flag of s.flags ?? []) {
      const ids = out[flag] ?? [];
      if (ids.length < max) ids.push(s.id);
      out[flag] = ids;
    }
  }
  return out;
}
