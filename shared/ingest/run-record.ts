import { randomBytes } from 'node:crypto';
import { type IngestRun, saveRun } from '../db/runs.ts';
import type { RunContext } from './run-context.ts';

/**
 * A run id that sorts by start time (the pointer's "older run never overwrites a newer one" check compares
 * them as strings): `20250728T130004123Z-9f3a1c`.
 */
export function newRunId(startedAt: Date): string {
  const compact = startedAt.toISOString().replace(/[-:.]/g, '');
  return `${compact}-${randomBytes(3).toString('hex')}`;
}

/** Times each phase of the run (ms), for the run record. */
export function phaseTimer() {
  const timings: Record<string, number> = {};
  return {
    timings,
    async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
      const started = performance.now();
      try {
        return await work();
      } finally {
        timings[phase] = Math.round((timings[phase] ?? 0) + performance.now() - started);
      }
    },
  };
}

/**
 * What the ingest function throws for a failed or refused run, after the run is recorded: Lambda then counts
 * an error (the ingest errors alarm) and an asynchronous invocation lands in the dead-letter queue. A skipped
 * run (unchanged feed, lock held) is not an error. `run` is the recorded run, for callers that log it.
 */
export class IngestRunFailed extends Error {
  readonly run: IngestRun;

  constructor(run: IngestRun) {
    super(
      `ingest run ${run.runId} failed: ${run.error?.code ?? 'INTERNAL'}: ${run.error?.message ?? 'no reason'}`,
    );
    this.name = 'IngestRunFailed';
    this.run = run;
  }
}

/**
 * The CloudWatch Embedded Metric Format line of a run: namespace Plein, one dimension set (e.g. the function
 * name, so a dev and a prod stack in one account do not share the heartbeat). IngestSucceeded is 1
 * for a published or skipped run (unchanged feed, or another run holding the lock) and 0 for a failed one:
 * the alarm fires on failures, not on quiet hours.
 */
export function metricsLine(run: IngestRun, at: Date, dimensions: Record<string, string> = {}): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: 'Plein',
          Dimensions: [Object.keys(dimensions)],
          Metrics: [
            { Name: 'IngestSucceeded', Unit: 'Count' },
            { Name: 'IngestDurationMs', Unit: 'Milliseconds' },
            { Name: 'StationsChanged', Unit: 'Count' },
          ],
        },
      ],
    },
    IngestSucceeded: run.status === 'failed' ? 0 : 1,
    IngestDurationMs: run.durationMs ?? 0,
    StationsChanged: run.changed ?? 0,
    ...dimensions,
    runId: run.runId,
    status: run.status,
  });
}

/**
 * Step "record": the run's final state (a run still `running` here failed), saved to its record if "claim"
 * created one, logged as one line and counted in the EMF metric line.
 */
export async function record(ctx: RunContext): Promise<IngestRun> {
  const { deps, logger, run } = ctx;
  const at = ctx.clock();
  if (run.status === 'running') run.status = 'failed';
  run.finishedAt = at.toISOString();
  run.durationMs = at.getTime() - Date.parse(run.startedAt);
  run.timings = ctx.timer.timings;
  if (ctx.recorded) {
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
