import { Logger } from '@aws-lambda-powertools/logger';
import { getPublished, type IngestRun } from '../db/runs.ts';
import { claim, release } from './claim.ts';
import { runError } from './errors.ts';
import { fetchAndParse, skipIfPublished } from './fetch.ts';
import { loadNames } from './names.ts';
import type { RunContext } from './run-context.ts';
import { newRunId, phaseTimer, record } from './run-record.ts';
import { cleanup, diff, loadIndex, notify, publish, stats, validate, write } from './steps.ts';
import { DEFAULT_LIMITS, type IngestDeps, type IngestOptions } from './types.ts';

export { alertsTarget } from './alerts-hook.ts';
export { IngestRunFailed } from './run-record.ts';
export type { IngestDeps, IngestOptions, IngestProgress, IngestRun } from './types.ts';

let defaultLogger: Logger | undefined;

function getDefaultLogger(): Logger {
  defaultLogger ??= new Logger({ serviceName: 'ingest' });
  return defaultLogger;
}

/**
 * One ingest run, in the steps of docs/INGEST.md ("The steps of a run"): claim → names → fetch & parse → validate →
 * diff → write → publish → stats → cleanup → notify → record. Never throws: the returned run (also recorded
 * in the table, logged, and counted in an EMF metric line) says what happened; the Lambda handler turns a
 * failed run into an error (IngestRunFailed) so the alarms see it.
 */
export async function runIngest(deps: IngestDeps, options: IngestOptions): Promise<IngestRun> {
  const ctx = newRun(deps, options);
  try {
    if (await claim(ctx)) await execute(ctx);
  } catch (error) {
    ctx.run.status = 'failed';
    ctx.run.error = runError(error);
  } finally {
    await release(ctx);
  }
  return record(ctx);
}

/** The steps between taking the lock and recording the outcome; each fills in its part of `ctx.run`. */
async function execute(ctx: RunContext): Promise<void> {
  // The names are joined during the read, and decide whether unchanged bytes may skip: both before it.
  const [published, names] = await Promise.all([
    getPublished(ctx.deps.table),
    ctx.timer.time('names', () => loadNames(ctx)),
  ]);
  ctx.run.previousRunId = published?.runId ?? null;
  Object.assign(ctx.run, { namesVersion: names.namesVersion, overridesHash: names.overridesHash });
  // Fetched while the feed downloads.
  const previousIndex = loadIndex(ctx, published);

  const feed = await fetchAndParse(ctx, published, names);
  if (!feed || (await skipIfPublished(ctx, feed, published, names))) return;
  validate(ctx, feed, published);
  const changes = await diff(ctx, feed, previousIndex);
  await write(ctx, changes);
  const result = await publish(ctx, feed, changes, published, names);
  // Published: from here on a failure is a warning on a succeeded run, never a rollback.
  await stats(ctx, feed);
  await cleanup(ctx, result);
  await notify(ctx, feed, changes, result, previousIndex);
}

function newRun(deps: IngestDeps, options: IngestOptions): RunContext {
  const clock = options.now ?? (() => new Date());
  const startedAt = clock();
  return {
    deps,
    options,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    logger: deps.logger ?? getDefaultLogger(),
    clock,
    timer: phaseTimer(),
    run: {
      runId: newRunId(startedAt),
      status: 'running',
      startedAt: startedAt.toISOString(),
      trigger: options.trigger ?? 'manual',
      force: options.force ?? false,
    },
    recorded: false,
    lockHeld: false,
  };
}
