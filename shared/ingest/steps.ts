import type { PublishedData } from '../db/runs.ts';
import { notifyAlerts } from './alerts-hook.ts';
import { type Diff, diffStations, type StationIndex } from './diff.ts';
import { IngestError, runError } from './errors.ts';
import { type FetchedFeed, feedValidators } from './fetch.ts';
import type { NamesFingerprint } from './names.ts';
import { type PublishResult, publishSnapshot } from './publish.ts';
import { checkpoint, progress, type RunContext, warn } from './run-context.ts';
import { deleteKeys, getIndex } from './snapshot.ts';
import { publishDailyStats } from './stats.ts';
import { validateFeed } from './validate.ts';
import { writeChanges } from './writer.ts';

/**
 * The steps of a run between "fetch & parse" and "record" (docs/INGEST.md, "The steps of a run"), in the
 * order index.ts calls them. Each fills in its part of the run record.
 */

/** The previous run's index, to diff against; a missing or unreadable one only means "rewrite everything". */
export async function loadIndex(
  ctx: RunContext,
  published: PublishedData | null,
): Promise<StationIndex | null> {
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

/**
 * Step "validate": refuses an empty, older (its newest price before the published one's) or shrunk feed, or
 * too many unreadable records (a warning with force, except empty).
 */
export function validate(ctx: RunContext, feed: FetchedFeed, published: PublishedData | null): void {
  const { summary, collected } = feed;
  const verdict = validateFeed(
    {
      stations: collected.stations.size,
      prices: collected.prices,
      outOfStock: summary.outOfStock,
      rejected: summary.rejected,
      newestPrice: collected.newestPrice,
    },
    published,
    {
      maxShrink: ctx.limits.maxShrink,
      maxRejectedRatio: ctx.limits.maxRejectedRatio,
      force: ctx.options.force ?? false,
    },
  );
  if (!verdict.ok) throw new IngestError(verdict.code, verdict.message);
  for (const w of verdict.warnings) warn(ctx.run, w);
}

/** Step "diff": the stations new or changed since the previous index, their changed prices, the removed ids. */
export async function diff(
  ctx: RunContext,
  feed: FetchedFeed,
  previousIndex: Promise<StationIndex | null>,
): Promise<Diff> {
  const { collected } = feed;
  const result = await ctx.timer.time('diff', async () =>
    diffStations(collected.stations, await previousIndex),
  );
  Object.assign(ctx.run, {
    changed: result.changed.length,
    skipped: collected.stations.size - result.changed.length,
    removed: result.removed.length,
  });
  return result;
}

/** Step "write": the changed station and history items and the removal marks (BatchWrite, retried). */
export async function write(ctx: RunContext, changes: Diff): Promise<void> {
  const { deps, limits } = ctx;
  checkpoint(ctx, 'write');
  const written = await ctx.timer.time('write', () =>
    writeChanges(deps.table, changes, {
      writtenAt: ctx.clock(),
      concurrency: limits.writeConcurrency,
      maxAttempts: limits.writeAttempts,
      checkpoint: () => checkpoint(ctx, 'write'),
      onProgress: (n, total) => progress(ctx, 'write', { written: n, toWrite: total }),
    }),
  );
  Object.assign(ctx.run, {
    written: written.items + written.removedMarked,
    stationsWritten: written.stations,
    historyWritten: written.history,
    removedMarked: written.removedMarked,
    writeRequests: written.requests,
    writeRetries: written.retries,
  });
}

export interface Published extends PublishResult {
  publishedAt: string;
}

/**
 * Step "publish": snapshot, index and parts under new keys, then the pointer flips (conditional put). The
 * run succeeds here: no later step can fail it or undo the publish.
 */
export async function publish(
  ctx: RunContext,
  feed: FetchedFeed,
  changes: Diff,
  published: PublishedData | null,
  names: NamesFingerprint,
): Promise<Published> {
  const { deps, run } = ctx;
  const { summary, collected } = feed;
  checkpoint(ctx, 'publish');
  const publishedAt = ctx.clock().toISOString();
  const result = await ctx.timer.time('publish', () =>
    publishSnapshot(deps.table, deps.s3, deps.dataBucket, {
      version: { runId: run.runId, feedHash: summary.sha256, feedTime: collected.newestPrice, publishedAt },
      stationJson: (function* () {
        for (const s of collected.stations.values()) yield s.json;
      })(),
      index: changes.index,
      stations: collected.stations.size,
      prices: collected.prices,
      feed: feedValidators(ctx, feed),
      names: { namesVersion: names.namesVersion, overridesHash: names.overridesHash, names: feed.names },
      previous: published,
      keep: ctx.limits.keepSnapshots,
    }),
  );
  Object.assign(run, {
    status: 'succeeded',
    snapshotKey: result.pointer.snapshotKey,
    snapshotBytes: result.snapshotBytes,
    indexBytes: result.indexBytes,
    partsBytes: result.partsBytes,
  });
  return { ...result, publishedAt };
}

/** Step "stats": the day's figures per département and fuel; a failure is a warning. */
export async function stats(ctx: RunContext, feed: FetchedFeed): Promise<void> {
  const { collected } = feed;
  await ctx.timer.time('stats', async () => {
    try {
      const result = await publishDailyStats(
        ctx.deps.table,
        collected.samples,
        collected.newestPrice,
        ctx.run.runId,
        ctx.clock(),
        { concurrency: ctx.limits.writeConcurrency, maxAttempts: ctx.limits.writeAttempts },
      );
      Object.assign(ctx.run, { statsDay: result.day, statsRows: result.rows, statsWritten: result.changed });
    } catch (error) {
      warn(ctx.run, `daily statistics not written: ${runError(error).message}`);
    }
  });
}

/** Step "cleanup": deletes the snapshots the pointer no longer keeps; a failure is a warning. */
export async function cleanup(ctx: RunContext, published: Published): Promise<void> {
  if (published.expired.length === 0) return;
  await ctx.timer.time('cleanup', async () => {
    const failed = await deleteKeys(ctx.deps.s3, ctx.deps.dataBucket, published.expired);
    if (failed.length > 0) warn(ctx.run, `old snapshots not deleted: ${failed.join(', ')}`);
  });
}

/**
 * Step "notify" (issue 8, docs/ALERTS.md): hands this run's changed prices to the price-alerts function.
 * Never fails the run.
 */
export async function notify(
  ctx: RunContext,
  feed: FetchedFeed,
  changes: Diff,
  published: Published,
  previousIndex: Promise<StationIndex | null>,
): Promise<void> {
  const { run } = ctx;
  await ctx.timer.time('alerts', async () => {
    const alerts = await notifyAlerts(ctx.deps, {
      runId: run.runId,
      snapshotKey: published.pointer.snapshotKey,
      publishedAt: published.publishedAt,
      feedTime: feed.collected.newestPrice,
      history: changes.history,
      previous: await previousIndex,
    });
    if (alerts.status === 'invoked') run.alerts = { changesKey: alerts.changesKey, changes: alerts.changes };
    else if (alerts.status === 'failed') warn(run, alerts.warning);
    else if (alerts.reason !== 'not-configured') run.alerts = alerts.reason;
  });
}
