import { Logger } from '@aws-lambda-powertools/logger';
import { acquireLock, releaseLock } from '../db/locks.ts';
import {
  createRun,
  getPublished,
  type IngestRun,
  type PublishedData,
  refreshPointerValidators,
  saveRun,
} from '../db/runs.ts';
import type { FeedSummary } from '../feed/index.ts';
import { notifyAlerts } from './alerts-hook.ts';
import { type Collected, createCollector, diffStations, type StationIndex } from './diff.ts';
import { IngestError, runError, SourceError } from './errors.ts';
import { publishSnapshot } from './publish.ts';
import { type PassState, readPass } from './read.ts';
import { metricsLine, newRunId, phaseTimer } from './run-record.ts';

export { alertsTarget } from './alerts-hook.ts';
export { IngestRunFailed } from './run-record.ts';

import { deleteKeys, getIndex } from './snapshot.ts';
import { describeSource, hashFile, openSource } from './source.ts';
import { publishDailyStats } from './stats.ts';
import {
  DEFAULT_LIMITS,
  type IngestDeps,
  type IngestLimits,
  type IngestLogger,
  type IngestOptions,
  type IngestPhase,
} from './types.ts';
import { validateFeed } from './validate.ts';
import { writeChanges } from './writer.ts';

export type { AlertsTarget, IngestDeps, IngestOptions, IngestProgress, IngestRun } from './types.ts';

/** The lock every ingest takes: one run at a time, whatever starts it (schedule, admin, CLI). */
const INGEST_LOCK = 'ingest';

let defaultLogger: Logger | undefined;

function getDefaultLogger(): Logger {
  defaultLogger ??= new Logger({ serviceName: 'ingest' });
  return defaultLogger;
}

/**
 * One ingest run: lock → read the first source that answers (archive + parse + hash in one pass) → skip if
 * unchanged → validate → diff against the published index → write changed items → publish snapshot and flip
 * the pointer → daily stats → drop old snapshots. Never throws: the returned run (also recorded in the
 * table, logged, and counted in an EMF metric line) says what happened; the Lambda handler turns a failed
 * run into an error (IngestRunFailed) so the alarms see it. See docs/INGEST.md.
 */
export async function runIngest(deps: IngestDeps, options: IngestOptions): Promise<IngestRun> {
  const clock = options.now ?? (() => new Date());
  const logger: IngestLogger = deps.logger ?? getDefaultLogger();
  const limits: IngestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const startedAt = clock();
  const timer = phaseTimer();
  let run: IngestRun = {
    runId: newRunId(startedAt),
    status: 'running',
    startedAt: startedAt.toISOString(),
    trigger: options.trigger ?? 'manual',
    force: options.force ?? false,
  };
  let recorded = false;
  let lockHeld = false;
  try {
    run = await createRun(deps.table, run);
    recorded = true;
    const remaining = options.remainingMs?.();
    const lease = remaining === undefined ? limits.lockLeaseSeconds : Math.ceil(remaining / 1000) + 5;
    const lock = await timer.time('lock', () =>
      acquireLock(deps.table, INGEST_LOCK, run.runId, lease, clock()),
    );
    if (!lock.acquired) {
      Object.assign(run, { status: 'skipped', reason: 'locked', lockedBy: lock.holder?.owner ?? null });
    } else {
      lockHeld = true;
      await execute({ deps, options, limits, logger, clock, timer, run });
    }
  } catch (error) {
    run.status = 'failed';
    run.error = runError(error);
  } finally {
    if (lockHeld) {
      await releaseLock(deps.table, INGEST_LOCK, run.runId).catch((error: Error) =>
        warn(run, `lock release failed: ${error.message}`),
      );
    }
  }
  return finish(deps, logger, run, timer.timings, recorded, clock());
}

interface RunContext {
  deps: IngestDeps;
  options: IngestOptions;
  limits: IngestLimits;
  logger: IngestLogger;
  clock: () => Date;
  timer: ReturnType<typeof phaseTimer>;
  /** Filled in as the run goes, so a failure still records what was known. */
  run: IngestRun;
}

async function execute(ctx: RunContext): Promise<void> {
  const { deps, options, limits, run, timer } = ctx;
  const force = options.force ?? false;
  const published = await getPublished(deps.table);
  run.previousRunId = published?.runId ?? null;
  // Fetched while the feed downloads; a missing or unreadable index only means "rewrite everything".
  const previousIndex = loadIndex(ctx, published);

  const read = await timer.time('read', () => readFirstSource(ctx, published));
  if ('unchanged' in read) {
    Object.assign(run, { status: 'skipped', reason: 'unchanged', detail: read.unchanged });
    return;
  }
  const { summary, collected } = read;
  Object.assign(run, {
    feedHash: summary.sha256,
    xmlBytes: summary.xmlBytes,
    stations: collected.stations.size,
    prices: collected.prices,
    rejected: summary.rejected,
    flags: flagCounts(summary, collected),
    feedTime: collected.newestPrice,
  });
  if (!force && published?.feedHash === summary.sha256) {
    // Same bytes as what is published: drop the archive copy, write nothing. If the server now names these
    // bytes with other validators (regenerated file), remember them so the next request can be a 304.
    if (run.archiveKey) await deleteKeys(deps.s3, deps.archiveBucket, [String(run.archiveKey)]);
    Object.assign(run, { status: 'skipped', reason: 'unchanged', detail: 'same SHA-256', archiveKey: null });
    const feed = {
      feedSource: run.source as string,
      feedEtag: read.etag,
      feedLastModified: read.lastModified,
    };
    const moved =
      feed.feedSource !== published.feedSource ||
      feed.feedEtag !== published.feedEtag ||
      feed.feedLastModified !== published.feedLastModified;
    if (moved && (feed.feedEtag || feed.feedLastModified)) {
      await refreshPointerValidators(deps.table, published.runId, feed).catch((error: Error) =>
        warn(run, `validators not recorded: ${error.message}`),
      );
    }
    return;
  }

  const verdict = validateFeed(
    {
      stations: collected.stations.size,
      prices: collected.prices,
      outOfStock: summary.outOfStock,
      rejected: summary.rejected,
    },
    published,
    { maxShrink: limits.maxShrink, maxRejectedRatio: limits.maxRejectedRatio, force },
  );
  if (!verdict.ok) throw new IngestError(verdict.code, verdict.message);
  for (const w of verdict.warnings) warn(run, w);

  const diff = await timer.time('diff', async () => diffStations(collected.stations, await previousIndex));
  Object.assign(run, {
    changed: diff.changed.length,
    skipped: collected.stations.size - diff.changed.length,
    removed: diff.removed.length,
  });

  checkpoint(ctx, 'write');
  const written = await timer.time('write', () =>
    writeChanges(deps.table, diff, {
      writtenAt: ctx.clock(),
      concurrency: limits.writeConcurrency,
      maxAttempts: limits.writeAttempts,
      checkpoint: () => checkpoint(ctx, 'write'),
      onProgress: (n, total) => progress(ctx, 'write', { written: n, toWrite: total }),
    }),
  );
  Object.assign(run, {
    written: written.items + written.removedMarked,
    stationsWritten: written.stations,
    historyWritten: written.history,
    removedMarked: written.removedMarked,
    writeRequests: written.requests,
    writeRetries: written.retries,
  });

  checkpoint(ctx, 'publish');
  const publishedAt = ctx.clock().toISOString();
  const result = await timer.time('publish', () =>
    publishSnapshot(deps.table, deps.s3, deps.dataBucket, {
      version: { runId: run.runId, feedHash: summary.sha256, feedTime: collected.newestPrice, publishedAt },
      stationJson: (function* () {
        for (const s of collected.stations.values()) yield s.json;
      })(),
      index: diff.index,
      stations: collected.stations.size,
      prices: collected.prices,
      feed: {
        feedSource: run.source as string,
        feedEtag: read.etag,
        feedLastModified: read.lastModified,
      },
      previous: published,
      keep: limits.keepSnapshots,
    }),
  );
  Object.assign(run, {
    status: 'succeeded',
    snapshotKey: result.pointer.snapshotKey,
    snapshotBytes: result.snapshotBytes,
    indexBytes: result.indexBytes,
    partsBytes: result.partsBytes,
  });

  // Published: from here on a failure is a warning on a succeeded run, never a rollback.
  await timer.time('stats', async () => {
    try {
      const stats = await publishDailyStats(
        deps.table,
        collected.samples,
        collected.newestPrice,
        run.runId,
        ctx.clock(),
        { concurrency: limits.writeConcurrency, maxAttempts: limits.writeAttempts },
      );
      Object.assign(run, { statsDay: stats.day, statsRows: stats.rows, statsWritten: stats.changed });
    } catch (error) {
      warn(run, `daily statistics not written: ${runError(error).message}`);
    }
  });
  if (result.expired.length > 0) {
    await timer.time('cleanup', async () => {
      const failed = await deleteKeys(deps.s3, deps.dataBucket, result.expired);
      if (failed.length > 0) warn(run, `old snapshots not deleted: ${failed.join(', ')}`);
    });
  }

  // Price alerts (issue 8, docs/ALERTS.md): hand this run's changed prices to the alerts function. Never fails the run.
  await timer.time('alerts', async () => {
    const alerts = await notifyAlerts(deps, {
      runId: run.runId,
      snapshotKey: result.pointer.snapshotKey,
      publishedAt,
      feedTime: collected.newestPrice,
      history: diff.history,
      previous: await previousIndex,
    });
    if (alerts.status === 'invoked') run.alerts = { changesKey: alerts.changesKey, changes: alerts.changes };
    else if (alerts.status === 'failed') warn(run, alerts.warning);
    else if (alerts.reason !== 'not-configured') run.alerts = alerts.reason;
  });
}

type ReadOutcome =
  | { unchanged: string }
  | { summary: FeedSummary; collected: Collected; etag?: string; lastModified?: string };

/**
 * Tries each source in order. A source that cannot be read (status, network, timeout, missing file) is
 * logged and the next one is tried; a source that answers with bad content ends the run (that content is
 * what upstream serves: papering over it with an older local file would hide the incident).
 */
async function readFirstSource(ctx: RunContext, published: PublishedData | null): Promise<ReadOutcome> {
  const { deps, options, limits, logger, run } = ctx;
  const force = options.force ?? false;
  const attempts: { source: string; error?: string }[] = [];
  run.attempts = attempts;
  for (const source of options.sources) {
    const name = describeSource(source);
    const state: PassState = { archiveKey: null, archived: false, bytes: 0 };
    const collector = createCollector();
    try {
      const sameSource = !force && published?.feedSource === name;
      const opened = await openSource(source, {
        timeoutMs: limits.fetchTimeoutMs,
        maxBytes: limits.maxBytes,
        conditional: sameSource
          ? { etag: published?.feedEtag, lastModified: published?.feedLastModified }
          : undefined,
      });
      run.source = name;
      attempts.push({ source: name });
      const previousFailure = attempts.at(-2);
      if (previousFailure) {
        logger.warn(
          `${label(previousFailure.source)} unreachable (${previousFailure.error}), using ${label(name)} ${name}`,
          { runId: run.runId, attempts },
        );
      }
      if (opened.notModified) return { unchanged: 'HTTP 304 Not Modified' };
      if (opened.kind === 'file' && published && !force && (await hashFile(source)) === published.feedHash) {
        return { unchanged: 'same SHA-256 (file checked before reading)' };
      }
      const summary = await readPass(
        opened.body,
        {
          s3: deps.s3,
          archiveBucket: deps.archiveBucket,
          runId: run.runId,
          startedAt: new Date(run.startedAt),
          sourceName: name,
          maxBytes: limits.maxBytes,
          maxXmlBytes: limits.maxXmlBytes,
          onStation: (station) => {
            collector.add(station);
          },
          onBytes: (bytes) => progress(ctx, 'read', { bytes, stations: collector.size }),
          checkpoint: () => checkpoint(ctx, 'read'),
        },
        state,
      );
      Object.assign(run, { bytes: state.bytes, archiveKey: state.archiveKey });
      return { summary, collected: collector.result(), etag: opened.etag, lastModified: opened.lastModified };
    } catch (error) {
      // An aborted upload left nothing, or a partial object: remove it (no-op if absent).
      if (state.archiveKey && !state.archived)
        await deleteKeys(deps.s3, deps.archiveBucket, [state.archiveKey]);
      if (!(error instanceof SourceError)) {
        // Bad content, the cap, the budget: end the run; a complete archive is kept as evidence.
        Object.assign(run, { bytes: state.bytes, archiveKey: state.archived ? state.archiveKey : null });
        throw error;
      }
      delete run.source;
      const last = attempts.at(-1);
      if (last?.source === name) last.error = error.reason;
      else attempts.push({ source: name, error: error.reason });
      logger.info(`feed source failed: ${name} (${error.reason})`, {
        runId: run.runId,
        source: name,
        reason: error.reason,
      });
    }
  }
  throw new IngestError(
    'SOURCE_UNAVAILABLE',
    `no source could be read: ${attempts.map((a) => `${a.source} (${a.error})`).join('; ') || 'none given'}`,
  );
}

async function loadIndex(ctx: RunContext, published: PublishedData | null): Promise<StationIndex | null> {
  if (!published) return null;
  if (!published.indexKey) {
    warn(ctx.run, 'the published pointer has no index: every station is rewritten');
    return null;
  }
  try {
    return await getIndex(ctx.deps.s3, ctx.deps.dataBucket, published.indexKey);
  } catch (error) {
    warn(ctx.run, `previous index unreadable (${runError(error).message}): every station is rewritten`);
    return null;
  }
}

function flagCounts(summary: FeedSummary, collected: Collected): Record<string, number> {
  const flags: Record<string, number> = {};
  for (const [flag, stats] of Object.entries(summary.flags)) if (stats) flags[flag] = stats.count;
  // The reader yields one record per id; a repeat that got through anyway is counted here.
  if (collected.duplicates > 0) flags['duplicate-id'] = (flags['duplicate-id'] ?? 0) + collected.duplicates;
  return flags;
}

function checkpoint(ctx: RunContext, phase: IngestPhase): void {
  const left = ctx.options.remainingMs?.();
  if (left !== undefined && left < ctx.limits.reserveMs) {
    throw new IngestError(
      'TIMEOUT',
      `${left} ms of Lambda time left during ${phase} (margin ${ctx.limits.reserveMs} ms): stopped, nothing published`,
    );
  }
}

function progress(
  ctx: RunContext,
  phase: IngestPhase,
  p: { bytes?: number; stations?: number; written?: number; toWrite?: number },
): void {
  if (!ctx.options.onProgress) return;
  const run = ctx.run;
  ctx.options.onProgress({
    phase,
    bytes: p.bytes ?? (run.bytes as number | undefined) ?? 0,
    stations: p.stations ?? run.stations ?? 0,
    written: p.written ?? 0,
    toWrite: p.toWrite ?? 0,
  });
}

function warn(run: IngestRun, message: string): void {
  const warnings = (run.warnings as string[] | undefined) ?? [];
  warnings.push(message);
  run.warnings = warnings;
}

function label(source: string): string {
  return /^https?:/.test(source) ? 'feed URL' : 'local file';
}

async function finish(
  deps: IngestDeps,
  logger: IngestLogger,
  run: IngestRun,
  timings: Record<string, number>,
  recorded: boolean,
  at: Date,
): Promise<IngestRun> {
  if (run.status === 'running') run.status = 'failed';
  run.finishedAt = at.toISOString();
  run.durationMs = at.getTime() - Date.parse(run.startedAt);
  run.timings = timings;
  if (recorded) {
    await saveRun(deps.table, run).catch((error: Error) => {
      logger.error('ingest run record not saved', { runId: run.runId, reason: error.message });
    });
  }
  const line = { run };
  if (run.status === 'failed') logger.error(`ingest ${run.status}: ${run.error?.code}`, line);
  else if ((run.warnings as string[] | undefined)?.length)
    logger.warn(`ingest ${run.status} with warnings`, line);
  else logger.info(`ingest ${run.status}`, line);
  (deps.emitMetrics ?? console.log)(metricsLine(run, at, deps.metricDimensions));
  return run;
}
