import type { IngestRun } from '../db/runs.ts';
import { IngestError } from './errors.ts';
import type { phaseTimer } from './run-record.ts';
import type { IngestDeps, IngestLimits, IngestLogger, IngestOptions, IngestPhase } from './types.ts';

/** What every step of one run shares: its dependencies, options, clock and the run record being filled in. */
export interface RunContext {
  deps: IngestDeps;
  options: IngestOptions;
  limits: IngestLimits;
  logger: IngestLogger;
  clock: () => Date;
  timer: ReturnType<typeof phaseTimer>;
  /** Filled in as the run goes, so a failure still records what was known. */
  run: IngestRun;
  /** The run record exists in the table (step "claim" got that far): "record" saves the final state. */
  recorded: boolean;
  /** This run holds the ingest lock: it is released whatever happens. */
  lockHeld: boolean;
}

/** Stops the run (TIMEOUT) when the Lambda's remaining time falls below the margin: nothing is published. */
export function checkpoint(ctx: RunContext, phase: IngestPhase): void {
  const left = ctx.options.remainingMs?.();
  if (left !== undefined && left < ctx.limits.reserveMs) {
    throw new IngestError(
      'TIMEOUT',
      `${left} ms of Lambda time left during ${phase} (margin ${ctx.limits.reserveMs} ms): stopped, nothing published`,
    );
  }
}

export function progress(
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

/** A problem that does not fail the run, kept on its record. */
export function warn(run: IngestRun, message: string): void {
  const warnings = (run.warnings as string[] | undefined) ?? [];
  warnings.push(message);
  run.warnings = warnings;
}
