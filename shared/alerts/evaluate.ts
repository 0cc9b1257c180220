/**
 * The evaluation of one published ingest run (docs/ALERTS.md): from the run's changed prices only, find the
 * rules they may concern — followers of changed stations (GSI1 `FAVSTATION#`) for favourite-scope rules,
 * the grid cells of changed stations (GSI1 `ALERTCELL#`) for place-scope rules — evaluate them against the
 * published snapshot, and send at most one grouped email per user, within the user's daily cap, never
 * repeating a station × fuel × price. Users whose favourites and places saw no change cost nothing.
 */
import type { AlertRule } from '../api/alert-types.ts';
import {
  claimAlertSend,
  getAlertStates,
  getProfilesMany,
  markAlertRejected,
  putAlertStates,
  queryCellRules,
  recordAlertRun,
  releaseAlertSend,
} from '../db/alert-delivery.ts';
import { alertKeys } from '../db/alert-keys.ts';
import { type AlertSettings, getAlertSettingsMany } from '../db/alert-settings.ts';
import { listFavourites, listFollowers } from '../db/favourites.ts';
import { parisDay } from '../domain/stats.ts';
import { getSnapshot } from '../ingest/snapshot.ts';
import { cellOf } from './cells.ts';
import { type AlertsInvocation, getRunChanges, type PriceChangeRecord } from './changes.ts';
import { mapLimit } from './concurrency.ts';
import { renderAlertEmail, type StationText, sendWithUnsubscribe } from './email.ts';
import { isRejectedMessage, type MailRunDeps } from './mailer.ts';
import {
  changeKey,
  createWorld,
  isAlertableChange,
  matchRule,
  needsAllFavourites,
  planEmail,
  type RuleMatch,
  type World,
} from './match.ts';
import { unsubscribeUrl } from './token.ts';

export interface EvaluateDeps extends MailRunDeps {
  /** Reads in flight. */
  readConcurrency?: number;
}

export interface EvaluationSummary {
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
  repeatsOnly: number;
  sent: number;
  duplicates: number;
  capped: number;
  noRecipient: number;
  /** SES rejected the message for good (sandbox: unverified recipient): recorded, not retried. */
  rejected: number;
  /** Skipped: SES rejected that user's email earlier the same day. */
  rejectedEarlier: number;
  failed: number;
  ms: number;
}

/**
 * Thrown after the whole run was evaluated when some emails could not be sent for a passing reason (SES
 * unreachable, throttled…): the async retry sends those only. Rejected messages never throw.
 */
export class AlertSendError extends Error {
  readonly failed: number;
  constructor(failed: number) {
    super(`${failed} alert email(s) could not be sent; their claims were released for a retry`);
    this.name = 'AlertSendError';
    this.failed = failed;
  }
}

interface Candidate {
  rule: AlertRule;
  /** Set for rules found through the cell index: must equal the settings' rev (else stale). */
  rev: string | null;
}

export async function evaluateRun(deps: EvaluateDeps, event: AlertsInvocation): Promise<EvaluationSummary> {
  const started = performance.now();
  const now = (deps.now ?? (() => new Date()))();
  const readLimit = deps.readConcurrency ?? 16;
  const { table } = deps;

  const changes = await getRunChanges(deps.s3, deps.dataBucket, event.changesKey);
  const snapshot = await getSnapshot(deps.s3, deps.dataBucket, changes.snapshotKey);
  const world = createWorld(snapshot.stations, changes.changes, now);
  const alertable = changes.changes.filter((c) => isAlertableChange(world, c));

  // 1. Favourite scope: who follows a station whose price went down?
  const stationIds = [...new Set(alertable.map((c) => c.s))];
  const followed = new Map<string, Set<string>>();
  await mapLimit(stationIds, readLimit, async (id) => {
    for (const sub of await listFollowers(table, id)) {
      const set = followed.get(sub) ?? new Set<string>();
      set.add(id);
      followed.set(sub, set);
    }
  });
  const settings = await getAlertSettingsMany(table, followed.keys());

  // 2. Place scope: the rules registered in the cells of changed stations that may match there.
  const cellQueries = cellRanges(world, alertable);
  const fromCells = (
    await mapLimit(cellQueries, readLimit, (q) => queryCellRules(table, q.partition, q.from, q.to))
  ).flat();

  const candidates = new Map<string, Map<string, Candidate>>();
  const add = (sub: string, c: Candidate) => {
    const m = candidates.get(sub) ?? new Map<string, Candidate>();
    if (!m.has(c.rule.id)) m.set(c.rule.id, c);
    candidates.set(sub, m);
  };
  for (const [sub, s] of settings)
    for (const rule of s.rules)
      if (rule.scope.kind === 'favourites' && concerns(world, rule, followed.get(sub)))
        add(sub, { rule, rev: null });
  for (const r of fromCells) add(r.sub, { rule: r.rule, rev: r.rev });

  // 3. Evaluate. A drop rule over favourites needs all of them (the cheapest is over the whole list).
  const matches = new Map<string, RuleMatch[]>();
  await mapLimit([...candidates], readLimit, async ([sub, rules]) => {
    let favourites: string[] | null = null;
    const found: RuleMatch[] = [];
    for (const { rule } of rules.values()) {
      let scopeIds: readonly string[] = [];
      if (rule.scope.kind === 'favourites') {
        if (needsAllFavourites(rule)) {
          favourites ??= (await listFavourites(table, sub)).map((f) => f.stationId);
          scopeIds = favourites;
        } else scopeIds = [...(followed.get(sub) ?? [])];
      }
      found.push(...matchRule(world, rule, scopeIds));
    }
    if (found.length > 0) matches.set(sub, found);
  });

  // 4. Check what came from the index against the settings (stale revs), and the user's preferences.
  const missing = [...matches.keys()].filter((sub) => !settings.has(sub));
  const [more, profiles] = await Promise.all([
    getAlertSettingsMany(table, missing),
    getProfilesMany(table, matches.keys()),
  ]);
  for (const [sub, s] of more) settings.set(sub, s);
  let disabled = 0;
  for (const [sub, found] of matches) {
    const s = settings.get(sub);
    const profile = profiles.get(sub);
    const valid = found.filter((m) => isCurrent(candidates.get(sub)?.get(m.ruleId), s));
    if (!profile?.alerts.enabled || valid.length === 0) {
      if (valid.length > 0) disabled++;
      matches.delete(sub);
    } else matches.set(sub, valid);
  }

  // 5. Never the same station × fuel × price twice; one email per user.
  const pairs = [...matches].flatMap(([sub, ms]) =>
    ms.map((m) => ({ sub, stationId: m.stationId, fuel: m.fuel })),
  );
  const states = await getAlertStates(table, pairs);
  const day = parisDay(now);
  const summary: EvaluationSummary = {
    runId: changes.runId,
    changes: changes.changes.length,
    alertable: alertable.length,
    stationsQueried: stationIds.length,
    followers: followed.size,
    cellQueries: cellQueries.length,
    cellRules: fromCells.length,
    candidateUsers: candidates.size,
    matchedUsers: matches.size,
    disabled,
    repeatsOnly: 0,
    sent: 0,
    duplicates: 0,
    capped: 0,
    noRecipient: 0,
    rejected: 0,
    rejectedEarlier: 0,
    failed: 0,
    ms: 0,
  };
  const stationText = (id: string): StationText | undefined => {
    const s = world.byId.get(id);
    return s ? { address: s.address, cp: s.cp, town: s.town } : undefined;
  };
  const secret = matches.size > 0 ? await deps.secret() : new Uint8Array();

  await mapLimit([...matches], deps.sendConcurrency ?? 4, async ([sub, found]) => {
    const last = new Map<string, number>();
    for (const m of found) {
      const price = states.get(`${sub}|${changeKey(m.stationId, m.fuel)}`);
      if (price !== undefined) last.set(changeKey(m.stationId, m.fuel), price);
    }
    const plan = planEmail(found, last);
    if (plan.lines.length === 0) {
      summary.repeatsOnly++;
      return;
    }
    const profile = profiles.get(sub);
    const claim = await claimAlertSend(table, sub, day, changes.runId, profile?.alerts.dailyCap ?? 0, now);
    if (claim !== 'claimed') {
      if (claim === 'duplicate') summary.duplicates++;
      else if (claim === 'rejected') summary.rejectedEarlier++;
      else summary.capped++;
      return;
    }
    try {
      const to = await deps.recipients.email(sub);
      if (!to) {
        await releaseAlertSend(table, sub, day, changes.runId);
        summary.noRecipient++;
        return;
      }
      const unsubscribe = unsubscribeUrl(deps.siteUrl, secret, sub, 'alerts', now);
      const stations = new Map<string, StationText>();
      for (const l of plan.lines) {
        const t = stationText(l.stationId);
        if (t) stations.set(l.stationId, t);
      }
      const email = renderAlertEmail({
        displayName: profile?.displayName ?? '',
        lines: plan.lines,
        more: plan.more,
        stations,
        now,
        links: { siteUrl: deps.siteUrl, unsubscribeUrl: unsubscribe },
      });
      await sendWithUnsubscribe(deps.mailer, {
        from: deps.from,
        to,
        email,
        date: now,
        unsubscribeUrl: unsubscribe,
      });
    } catch (error) {
      // Never the address or the error text (it may quote the address): counted. A rejection is final for
      // that user (claim kept, no retry: it would be rejected again); anything else releases the claim for
      // Lambda's retry.
      if (isRejectedMessage(error)) {
        await markAlertRejected(table, sub, day, now);
        summary.rejected++;
        return;
      }
      await releaseAlertSend(table, sub, day, changes.runId);
      summary.failed++;
      return;
    }
    summary.sent++;
    await putAlertStates(
      table,
      plan.lines.map((l) => ({ sub, stationId: l.stationId, fuel: l.fuel, price: l.price })),
      changes.runId,
      now,
    );
  });

  summary.ms = Math.round(performance.now() - started);
  await recordAlertRun(table, changes.runId, { ...summary, evaluatedAt: now.toISOString() });
  deps.log?.('alerts evaluated', { ...summary });
  if (summary.failed > 0) throw new AlertSendError(summary.failed);
  return summary;
}

/** Does a favourite-scope rule concern this run: an alertable change of its fuel at a station the user follows? */
function concerns(world: World, rule: AlertRule, followedChanged: ReadonlySet<string> | undefined): boolean {
  if (!followedChanged) return false;
  for (const id of followedChanged) {
    const c = world.changes.get(changeKey(id, rule.fuel));
    if (c && isAlertableChange(world, c)) return true;
  }
  return false;
}

function isCurrent(candidate: Candidate | undefined, settings: AlertSettings | undefined): boolean {
  if (!candidate || !settings) return false;
  if (candidate.rev === null) return true; // read from the settings themselves
  return settings.rev === candidate.rev && settings.rules.some((r) => r.id === candidate.rule.id);
}

export interface CellQuery {
  partition: string;
  from: string;
  to: string;
}

/**
 * One or two range queries per (fuel, cell) with alertable changes: threshold rules whose price is at least
 * the cell's lowest changed price, and drop-only rules whose cents are at most the cell's largest drop.
 */
export function cellRanges(world: World, alertable: readonly PriceChangeRecord[]): CellQuery[] {
  const cells = new Map<string, { min: number; maxDrop: number }>();
  for (const c of alertable) {
    const s = world.byId.get(c.s);
    if (!s || s.lat === null || s.lon === null) continue;
    const partition = alertKeys.cellPk(c.f, cellOf(s.lat, s.lon));
    const cell = cells.get(partition) ?? { min: Number.POSITIVE_INFINITY, maxDrop: 0 };
    cell.min = Math.min(cell.min, c.p);
    // A new price has no previous one: the area's cheapest may still have dropped by any amount.
    cell.maxDrop = Math.max(cell.maxDrop, c.prev === null ? Number.POSITIVE_INFINITY : c.prev - c.p);
    cells.set(partition, cell);
  }
  const out: CellQuery[] = [];
  for (const [partition, { min, maxDrop }] of cells) {
    out.push({
      partition,
      from: `T${String(Math.floor(min * 1000 + 1e-6)).padStart(5, '0')}`,
      to: 'T99999~',
    });
    const cents = Math.floor(maxDrop * 100 + 1e-6);
    if (cents >= 1)
      out.push({ partition, from: 'D000', to: `D${String(Math.min(cents, 999)).padStart(3, '0')}~` });
  }
  return out;
}
