import { claimAlertSend, markAlertRejected, putAlertStates, releaseAlertSend } from '../db/alert-delivery.ts';
import { listFavourites } from '../db/favourites.ts';
import type { Matches, RunView } from './candidates.ts';
import { renderAlertEmail, stationTexts } from './email.ts';
import { isRejectedMessage, type MailRunDeps } from './mailer.ts';
import { changeKey, type EmailPlan, planEmail, type RuleMatch } from './match.ts';
import { sendWithUnsubscribe } from './mime.ts';
import { unsubscribeUrl } from './token.ts';

/** The per-user outcomes an evaluation counts (EvaluationSummary). */
export interface DeliveryCounts {
  repeatsOnly: number;
  sent: number;
  duplicates: number;
  capped: number;
  noRecipient: number;
  rejected: number;
  rejectedEarlier: number;
  failed: number;
}

export interface DeliveryRun {
  runId: string;
  view: RunView;
  matches: Matches;
  /** Last price sent per `sub|station#fuel` (alert states). */
  states: Map<string, number>;
  /** Paris day of the daily cap. */
  day: string;
  now: Date;
  secret: Uint8Array;
}

/**
 * One user's email of a run (docs/ALERTS.md, "Sending"): never a line already sent at that price, then
 * claim (daily cap, once per run) → send → record the alert states. Counts the outcome in `counts`.
 */
export async function deliver(
  deps: MailRunDeps,
  run: DeliveryRun,
  sub: string,
  found: readonly RuleMatch[],
  counts: DeliveryCounts,
): Promise<void> {
  const { table } = deps;
  const { runId, day, now } = run;
  const last = new Map<string, number>();
  for (const m of found) {
    const price = run.states.get(`${sub}|${changeKey(m.stationId, m.fuel)}`);
    if (price !== undefined) last.set(changeKey(m.stationId, m.fuel), price);
  }
  const plan = planEmail(found, last);
  if (plan.lines.length === 0) {
    counts.repeatsOnly++;
    return;
  }
  const profile = run.matches.profiles.get(sub);
  const claim = await claimAlertSend(table, sub, day, runId, profile?.alerts.dailyCap ?? 0, now);
  if (claim !== 'claimed') {
    if (claim === 'duplicate') counts.duplicates++;
    else if (claim === 'rejected') counts.rejectedEarlier++;
    else counts.capped++;
    return;
  }
  try {
    const to = await deps.recipients.email(sub);
    if (!to) {
      await releaseAlertSend(table, sub, day, runId);
      counts.noRecipient++;
      return;
    }
    await send(deps, run, sub, to, plan, profile?.displayName ?? '');
  } catch (error) {
    // Never the address or the error text (it may quote the address): counted. A rejection is final for
    // that user (claim kept, no retry: it would be rejected again); anything else releases the claim for
    // Lambda's retry.
    if (isRejectedMessage(error)) {
      await markAlertRejected(table, sub, day, now);
      counts.rejected++;
      return;
    }
    await releaseAlertSend(table, sub, day, runId);
    counts.failed++;
    return;
  }
  counts.sent++;
  await putAlertStates(
    table,
    plan.lines.map((l) => ({ sub, stationId: l.stationId, fuel: l.fuel, price: l.price })),
    runId,
    now,
  );
}

async function send(
  deps: MailRunDeps,
  run: DeliveryRun,
  sub: string,
  to: string,
  plan: EmailPlan,
  displayName: string,
): Promise<void> {
  const { now } = run;
  const unsubscribe = unsubscribeUrl(deps.siteUrl, run.secret, sub, 'alerts', now);
  // The names the driver gave their favourites ("Chez maman") head the stations they recognise.
  const favourites = await listFavourites(deps.table, sub);
  const stations = stationTexts(
    plan.lines.map((l) => l.stationId),
    run.view.world.byId,
    new Map(favourites.map((f) => [f.stationId, f.name])),
  );
  const email = renderAlertEmail({
    displayName,
    lines: plan.lines,
    more: plan.more,
    stations,
    now,
    links: { siteUrl: deps.siteUrl, unsubscribeUrl: unsubscribe },
  });
  await sendWithUnsubscribe(deps, { to, email, date: now, unsubscribeUrl: unsubscribe });
}
