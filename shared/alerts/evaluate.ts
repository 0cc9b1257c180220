/**
 * The evaluation of one published ingest run (docs/ALERTS.md): from the run's changed prices only, find the
 * rules they may concern — followers of changed stations (GSI1 `FAVSTATION#`) for favourite-scope rules,
 * the grid cells of changed stations (GSI1 `ALERTCELL#`) for place-scope rules — evaluate them against the
 * published snapshot, and send at most one grouped email per user, within the user's daily cap, never
 * repeating a station × fuel × price. Users whose favourites and places saw no change cost nothing.
 */

import { mapLimit } from '../concurrency.ts';
import { getAlertStates, recordAlertRun } from '../db/alert-delivery.ts';
import { parisDay } from '../domain/time.ts';
import { getSnapshot } from '../ingest/snapshot.ts';
import { findFollowers, loadRules, match, type RunView } from './candidates.ts';
import { type AlertsInvocation, getRunChanges } from './changes.ts';
import { type DeliveryCounts, type DeliveryDeps, deliver } from './deliver.ts';
import { createWorld, isAlertableChange } from './match.ts';

export interface EvaluateDeps extends DeliveryDeps {
  /** Reads in flight. */
  readConcurrency?: number;
}

export interface EvaluationSummary extends DeliveryCounts {
  runId: string;
  changes: number;
  /** Changed prices that went down or are new (the only ones that can trigger an alert). */
  alertable: number;
  stationsQueried: number;
  followers: number;
  cellQueries: number;
  cellRules: number;
  candidateUsers: number;
  matchedUsers: number;
  disabled: number;
  ms: number;
}

/**
 * Thrown after the whole run was evaluated when some emails could not be sent for a passing reason (SES
 * unreachable, throttled…): the async retry sends those only. Rejected messages never throw.
 */
export class AlertSendError extends Error {
  readonly failed: number;
  constructor(failed: number) {
    super(`${failed} user(s)' alerts could not be sent; their claims were released for a retry`);
    this.name = 'AlertSendError';
    this.failed = failed;
  }
}

/**
 * One run's evaluation, in the steps of docs/ALERTS.md ("The steps of an evaluation"): find followers →
 * load rules → match → per user, claim → send → record its states → record the run.
 */
export async function evaluateRun(deps: EvaluateDeps, event: AlertsInvocation): Promise<EvaluationSummary> {
  const started = performance.now();
  const now = (deps.now ?? (() => new Date()))();
  const readLimit = deps.readConcurrency ?? 16;

  const changes = await getRunChanges(deps.s3, deps.dataBucket, event.changesKey);
  const snapshot = await getSnapshot(deps.s3, deps.dataBucket, changes.snapshotKey);
  const world = createWorld(snapshot.stations, changes.changes, now);
  const view: RunView = { world, alertable: changes.changes.filter((c) => isAlertableChange(world, c)) };

  const followers = await findFollowers(deps, view, readLimit);
  const rules = await loadRules(deps, view, followers, readLimit);
  const matches = await match(deps, view, followers, rules, readLimit);

  // Never the same station × fuel × price twice; one email per user.
  const pairs = [...matches.bySub].flatMap(([sub, ms]) =>
    ms.map((m) => ({ sub, stationId: m.stationId, fuel: m.fuel })),
  );
  const states = await getAlertStates(deps.table, pairs);
  const summary: EvaluationSummary = {
    runId: changes.runId,
    changes: changes.changes.length,
    alertable: view.alertable.length,
    stationsQueried: followers.stationIds.length,
    followers: followers.followed.size,
    cellQueries: rules.cellQueries,
    cellRules: rules.cellRules,
    candidateUsers: rules.candidates.size,
    matchedUsers: matches.bySub.size,
    disabled: matches.disabled,
    repeatsOnly: 0,
    sent: 0,
    duplicates: 0,
    capped: 0,
    noRecipient: 0,
    rejected: 0,
    rejectedEarlier: 0,
    failed: 0,
    pushed: 0,
    noDevice: 0,
    pushGone: 0,
    pushRefused: 0,
    pushFailed: 0,
    partial: 0,
    ms: 0,
  };
  const secret = matches.bySub.size > 0 ? await deps.secret() : new Uint8Array();
  const run = { runId: changes.runId, view, matches, states, day: parisDay(now), now, secret };
  await mapLimit([...matches.bySub], deps.sendConcurrency ?? 4, ([sub, found]) =>
    deliver(deps, run, sub, found, summary),
  );

  return record(deps, summary, started, now);
}

/** Step "record": one `ALERTRUN` record and one log line, counts only; throws if some sends must be retried. */
async function record(
  deps: EvaluateDeps,
  summary: EvaluationSummary,
  started: number,
  now: Date,
): Promise<EvaluationSummary> {
  summary.ms = Math.round(performance.now() - started);
  await recordAlertRun(deps.table, summary.runId, { ...summary, evaluatedAt: now.toISOString() });
  deps.log?.('alerts evaluated', { ...summary });
  if (summary.failed > 0) throw new AlertSendError(summary.failed);
  return summary;
}
