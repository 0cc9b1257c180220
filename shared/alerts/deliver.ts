import { mapLimit } from '../concurrency.ts';
import { claimAlertSend, markAlertRejected, putAlertStates, releaseAlertSend } from '../db/alert-delivery.ts';
import { listFavourites } from '../db/favourites.ts';
import { deletePushSubscription, listPushSubscriptions } from '../db/push-subscriptions.ts';
import type { Matches, RunView } from './candidates.ts';
import { renderAlertEmail, type StationText, stationTexts } from './email.ts';
import { isRejectedMessage, type MailRunDeps } from './mailer.ts';
import { changeKey, type EmailPlan, planEmail, type RuleMatch } from './match.ts';
import { sendWithUnsubscribe } from './mime.ts';
import { type PushSender, renderPushPayload } from './push.ts';
import { unsubscribeUrl } from './token.ts';

/** The per-user outcomes an evaluation counts (EvaluationSummary). */
export interface DeliveryCounts {
  repeatsOnly: number;
  /** Users sent an email. */
  sent: number;
  duplicates: number;
  capped: number;
  noRecipient: number;
  rejected: number;
  rejectedEarlier: number;
  /** Users whose run delivered nothing for a passing reason: claim released, retried by Lambda. */
  failed: number;
  /** Users whose notification reached at least one of their devices (issue 19). */
  pushed: number;
  /** Users with push lines but no device that took them (none saved, or all gone or refused). */
  noDevice: number;
  /** Devices removed because their push service answered 404 or 410. */
  pushGone: number;
  /** Devices whose push service refused the message for good (another 4xx). */
  pushRefused: number;
  /** Devices whose push service could not be reached or was failing (429, 5xx, network, timeout). */
  pushFailed: number;
  /** Users for whom one channel delivered and the other failed for a passing reason: kept, not retried. */
  partial: number;
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

/** What delivery needs beyond email: the push sender (absent: push lines find no device). */
export interface DeliveryDeps extends MailRunDeps {
  push?: PushSender;
}

/** How one channel went for one user in one run. */
type Outcome = 'none' | 'sent' | 'nobody' | 'rejected' | 'failed';

/**
 * One user's alert of a run (docs/ALERTS.md, "Sending"): never a line already sent at that price, then
 * claim (daily cap, once per run: one claim covers both channels) → email and/or push, by each rule's
 * channel → record the alert states of what went out. Counts the outcome in `counts`.
 */
export async function deliver(
  deps: DeliveryDeps,
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
  const email = planEmail(
    found.filter((m) => m.channel !== 'push'),
    last,
  );
  const push = planEmail(
    found.filter((m) => m.channel !== 'email'),
    last,
  );
  if (email.lines.length === 0 && push.lines.length === 0) {
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
  let mailed: Outcome;
  let pushed: Outcome;
  try {
    // The names the driver gave their favourites ("Chez maman") head the stations they recognise.
    const favourites = await listFavourites(table, sub);
    const stations = stationTexts(
      [...email.lines, ...push.lines].map((l) => l.stationId),
      run.view.world.byId,
      new Map(favourites.map((f) => [f.stationId, f.name])),
    );
    [mailed, pushed] = await Promise.all([
      email.lines.length ? sendEmail(deps, run, sub, email, stations, profile?.displayName ?? '') : 'none',
      push.lines.length ? sendPush(deps, sub, push, stations, counts) : 'none',
    ]);
  } catch {
    // The table failing under us (favourites, devices): nothing is known to have gone out. Retried.
    await releaseAlertSend(table, sub, day, runId);
    counts.failed++;
    return;
  }
  if (mailed === 'sent') counts.sent++;
  if (mailed === 'nobody') counts.noRecipient++;
  if (pushed === 'sent') counts.pushed++;
  if (pushed === 'nobody') counts.noDevice++;

  const delivered = [mailed === 'sent' ? email : null, pushed === 'sent' ? push : null].filter(
    (p): p is EmailPlan => p !== null,
  );
  if (delivered.length === 0) {
    // A rejection is final for that user (claim kept, no retry: it would be rejected again, and later runs
    // that day skip them, push included); a passing failure releases the claim for Lambda's retry.
    if (mailed === 'rejected') {
      await markAlertRejected(table, sub, day, now);
      counts.rejected++;
      return;
    }
    await releaseAlertSend(table, sub, day, runId);
    if (mailed === 'failed' || pushed === 'failed') counts.failed++;
    return;
  }
  // One channel went out: the claim stays (a retry would repeat it), so the other one is not retried.
  if (mailed === 'rejected') counts.rejected++;
  if (mailed === 'failed' || pushed === 'failed') counts.partial++;
  const sent = new Map(delivered.flatMap((p) => p.lines).map((l) => [changeKey(l.stationId, l.fuel), l]));
  await putAlertStates(
    table,
    [...sent.values()].map((l) => ({ sub, stationId: l.stationId, fuel: l.fuel, price: l.price })),
    runId,
    now,
  );
}

async function sendEmail(
  deps: DeliveryDeps,
  run: DeliveryRun,
  sub: string,
  plan: EmailPlan,
  stations: ReadonlyMap<string, StationText>,
  displayName: string,
): Promise<Outcome> {
  try {
    const to = await deps.recipients.email(sub);
    if (!to) return 'nobody';
    const { now } = run;
    const unsubscribe = unsubscribeUrl(deps.siteUrl, run.secret, sub, 'alerts', now);
    const rendered = renderAlertEmail({
      displayName,
      lines: plan.lines,
      more: plan.more,
      stations,
      now,
      links: { siteUrl: deps.siteUrl, unsubscribeUrl: unsubscribe },
    });
    await sendWithUnsubscribe(deps, { to, email: rendered, date: now, unsubscribeUrl: unsubscribe });
    return 'sent';
  } catch (error) {
    // Never the address or the error text (it may quote the address): counted.
    return isRejectedMessage(error) ? 'rejected' : 'failed';
  }
}

/**
 * The user's notification to each of their devices (at most 5, in parallel). A device whose push service
 * answers 404/410 is removed — only if its keys are still the ones sent to (a re-subscription meanwhile
 * stays). Never an endpoint in a log: it is a capability URL.
 */
async function sendPush(
  deps: DeliveryDeps,
  sub: string,
  plan: EmailPlan,
  stations: ReadonlyMap<string, StationText>,
  counts: DeliveryCounts,
): Promise<Outcome> {
  const payload = renderPushPayload({ lines: plan.lines, more: plan.more, stations, siteUrl: deps.siteUrl });
  const devices = deps.push && payload ? await listPushSubscriptions(deps.table, sub) : [];
  if (!deps.push || !payload || devices.length === 0) return 'nobody';
  const sender = deps.push;
  const outcomes = await mapLimit(devices, devices.length, async (device) => {
    const outcome = await sender.send(device, payload).catch(() => 'failed' as const);
    if (outcome === 'gone') {
      await deletePushSubscription(deps.table, sub, device.endpoint, { auth: device.keys.auth });
      counts.pushGone++;
    } else if (outcome === 'refused') counts.pushRefused++;
    else if (outcome === 'failed') counts.pushFailed++;
    return outcome;
  });
  if (outcomes.includes('delivered')) return 'sent';
  return outcomes.includes('failed') ? 'failed' : 'nobody';
}
