import { acquireLock, releaseLock } from '../db/locks.ts';
import { createRun } from '../db/runs.ts';
import { type RunContext, warn } from './run-context.ts';

/** The lock every ingest takes: one run at a time, whatever starts it (schedule, admin, CLI). */
const INGEST_LOCK = 'ingest';

/**
 * Step "claim": records the run (`status: running`), then takes the ingest lock for as long as the Lambda
 * may still run. False when another live run holds it: this run is then skipped (`locked`).
 */
export async function claim(ctx: RunContext): Promise<boolean> {
  const { deps, limits, options } = ctx;
  ctx.run = await createRun(deps.table, ctx.run);
  ctx.recorded = true;
  const remaining = options.remainingMs?.();
  const lease = remaining === undefined ? limits.lockLeaseSeconds : Math.ceil(remaining / 1000) + 5;
  const lock = await ctx.timer.time('lock', () =>
    acquireLock(deps.table, INGEST_LOCK, ctx.run.runId, lease, ctx.clock()),
  );
  if (!lock.acquired) {
    Object.assign(ctx.run, { status: 'skipped', reason: 'locked', lockedBy: lock.holder?.owner ?? null });
    return false;
  }
  ctx.lockHeld = true;
  return true;
}

/** Gives the lock back (if this run took it); a failure is a warning: the lease expires anyway. */
export async function release(ctx: RunContext): Promise<void> {
  if (!ctx.lockHeld) return;
  await releaseLock(ctx.deps.table, INGEST_LOCK, ctx.run.runId).catch((error: Error) =>
    warn(ctx.run, `lock release failed: ${error.message}`),
  );
}
