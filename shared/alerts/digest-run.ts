/**
 * The weekly digest run (docs/ALERTS.md): every user opted in (GSI1 `DIGEST`, paged — no scan) gets, per
 * followed fuel, their favourites' cheapest now, the lowest price of the week against the week before (price
 * history items), and the savings estimate of the dashboard (shared/domain/savings.ts through buildDashboard).
 * Resumable: a cursor per week in the table, one claim per user and week, a lock so two calls never overlap.
 */
import { randomBytes } from 'node:crypto';
import { mapLimit } from '../concurrency.ts';
import { getDeptMedians } from '../db/dept-medians.ts';
import {
  claimDigest,
  getDigestState,
  listDigestUsers,
  releaseDigest,
  saveDigestState,
} from '../db/digest.ts';
import { listFavourites } from '../db/favourites.ts';
import { priceHistorySince } from '../db/history.ts';
import { acquireLock, releaseLock } from '../db/locks.ts';
import { getProfile } from '../db/profiles.ts';
import { getPublished } from '../db/runs.ts';
import {
  baselineDays,
  buildDashboard,
  type DashboardInput,
  medianKey,
  neededMedians,
} from '../domain/dashboard.ts';
import type { DeptMedian } from '../domain/savings.ts';
import type { Station } from '../domain/station.ts';
import { getSnapshot } from '../ingest/snapshot.ts';
import { digestWeek, lowestInEffect, type PricePoint } from './digest.ts';
import { type DigestFuelSection, renderDigestEmail, stationTexts } from './email.ts';
import { isRejectedMessage, type MailRunDeps } from './mailer.ts';
import { sendWithUnsubscribe } from './mime.ts';
import { unsubscribeUrl } from './token.ts';

const DAY_MS = 86_400_000;
const DIGEST_LOCK = 'digest';

export interface DigestDeps extends MailRunDeps {
  /** The Lambda's remaining time: the run saves its cursor and stops before it runs out. */
  remainingMs?: () => number;
  pageSize?: number;
}

export type DigestCounts = Record<
  'users' | 'sent' | 'empty' | 'alreadySent' | 'noRecipient' | 'rejected' | 'failed',
  number
>;

export interface DigestSummary {
  week: string;
  status: 'finished' | 'paused' | 'already-done' | 'locked' | 'no-data';
  counts: DigestCounts;
  ms: number;
}

const RESERVE_MS = 30_000;

export async function runDigest(deps: DigestDeps, options: { week?: string } = {}): Promise<DigestSummary> {
  const started = performance.now();
  const clock = deps.now ?? (() => new Date());
  const now = clock();
  const week = options.week ?? digestWeek(now);
  const counts: DigestCounts = {
    users: 0,
    sent: 0,
    empty: 0,
    alreadySent: 0,
    noRecipient: 0,
    rejected: 0,
    failed: 0,
  };
  const finish = (status: DigestSummary['status']): DigestSummary => {
    const summary = { week, status, counts, ms: Math.round(performance.now() - started) };
    deps.log?.('digest run', { ...summary });
    return summary;
  };
  const owner = randomBytes(6).toString('hex');
  const left = deps.remainingMs?.();
  const lease = left === undefined ? 900 : Math.ceil(left / 1000) + 5;
  const lock = await acquireLock(deps.table, DIGEST_LOCK, owner, lease, now);
  if (!lock.acquired) return finish('locked');
  try {
    const state = await getDigestState(deps.table, week);
    if (state.done) return finish('already-done');
    const published = await getPublished(deps.table);
    if (!published) return finish('no-data');
    const snapshot = await getSnapshot(deps.s3, deps.dataBucket, published.snapshotKey);
    const ctx = newContext(deps, snapshot.stations, now, week);
    const before = { ...state.counts };
    for (;;) {
      const page = await listDigestUsers(deps.table, state.cursor, deps.pageSize ?? 25);
      await mapLimit(page.subs, deps.sendConcurrency ?? 4, async (sub) => {
        counts.users++;
        const outcome = await digestForUser(ctx, sub).catch(() => 'failed' as const);
        counts[outcome]++;
      });
      state.cursor = page.cursor;
      state.done = !page.cursor;
      // The week's totals over every call: what earlier calls recorded plus this call so far.
      state.counts = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, (before[k] ?? 0) + v]));
      await saveDigestState(deps.table, state, clock());
      if (state.done) return finish('finished');
      const remaining = deps.remainingMs?.();
      if (remaining !== undefined && remaining < RESERVE_MS) return finish('paused');
    }
  } finally {
    await releaseLock(deps.table, DIGEST_LOCK, owner).catch(() => {});
  }
}

interface Context {
  deps: DigestDeps;
  byId: ReadonlyMap<string, Station>;
  now: Date;
  week: string;
  medians: Map<string, DeptMedian | null>;
  history: Map<string, Promise<PricePoint[]>>;
  secret: Promise<Uint8Array> | null;
}

function newContext(deps: DigestDeps, stations: readonly Station[], now: Date, week: string): Context {
  return {
    deps,
    byId: new Map(stations.map((s) => [s.id, s])),
    now,
    week,
    medians: new Map(),
    history: new Map(),
    secret: null,
  };
}

async function digestForUser(ctx: Context, sub: string): Promise<keyof DigestCounts> {
  const { deps, now } = ctx;
  const [profile, favourites] = await Promise.all([
    getProfile(deps.table, sub),
    listFavourites(deps.table, sub),
  ]);
  if (profile.fuels.length === 0 || favourites.length === 0) return 'empty';
  const input: Omit<DashboardInput, 'medians'> = {
    now,
    settings: profile,
    favourites: favourites.map((f) => ({
      stationId: f.stationId,
      name: f.name,
      station: ctx.byId.get(f.stationId) ?? null,
    })),
    published: null,
    from: null,
  };
  const dashboard = buildDashboard({
    ...input,
    medians: await medians(ctx, neededMedians({ ...input, published: null })),
  });
  const sections: DigestFuelSection[] = [];
  for (const fuel of dashboard.fuels) {
    const best = fuel.rows.find((r) => r.cheapest);
    const [weekLow, previousWeekLow] = await weekLows(
      ctx,
      favourites.map((f) => f.stationId),
      fuel.fuel,
    );
    sections.push({
      fuel: fuel.fuel,
      cheapest:
        best && best.price !== null && best.updatedAt
          ? { stationId: best.stationId, price: best.price, updatedAt: best.updatedAt }
          : null,
      weekLow,
      previousWeekLow,
      savings: fuel.savings,
    });
  }
  if (sections.every((s) => !s.cheapest && s.weekLow === null)) return 'empty';
  if (!(await claimDigest(deps.table, sub, ctx.week))) return 'alreadySent';
  try {
    const to = await deps.recipients.email(sub);
    if (!to) {
      await releaseDigest(deps.table, sub, ctx.week);
      return 'noRecipient';
    }
    ctx.secret ??= deps.secret();
    const unsubscribe = unsubscribeUrl(deps.siteUrl, await ctx.secret, sub, 'digest', now);
    const stations = stationTexts(
      sections.flatMap((s) => (s.cheapest ? [s.cheapest.stationId] : [])),
      ctx.byId,
      new Map(favourites.map((f) => [f.stationId, f.name])),
    );
    const email = renderDigestEmail({
      displayName: profile.displayName,
      week: ctx.week,
      fuels: sections,
      stations,
      now,
      links: { siteUrl: deps.siteUrl, unsubscribeUrl: unsubscribe },
    });
    await sendWithUnsubscribe(deps, { to, email, date: now, unsubscribeUrl: unsubscribe });
    return 'sent';
  } catch (error) {
    // Rejected for good (sandbox: unverified recipient): the week's claim is kept, nothing to retry.
    if (isRejectedMessage(error)) return 'rejected';
    await releaseDigest(deps.table, sub, ctx.week);
    return 'failed';
  }
}

/** Département medians for the savings baseline, shared by all users of the run. */
async function medians(
  ctx: Context,
  pairs: { dept: string; fuel: string }[],
): Promise<Map<string, DeptMedian>> {
  const missing = pairs.filter((p) => !ctx.medians.has(medianKey(p.dept, p.fuel)));
  if (missing.length > 0) {
    const found = await getDeptMedians(ctx.deps.table, missing, baselineDays(ctx.now));
    for (const p of missing)
      ctx.medians.set(medianKey(p.dept, p.fuel), found.get(medianKey(p.dept, p.fuel)) ?? null);
  }
  const out = new Map<string, DeptMedian>();
  for (const p of pairs) {
    const m = ctx.medians.get(medianKey(p.dept, p.fuel));
    if (m) out.set(medianKey(p.dept, p.fuel), m);
  }
  return out;
}

/** The lowest favourite price in effect this week and the week before (history, cached per station × fuel). */
async function weekLows(
  ctx: Context,
  stationIds: readonly string[],
  fuel: string,
): Promise<[number | null, number | null]> {
  const nowMs = ctx.now.getTime();
  const weekStart = nowMs - 7 * DAY_MS;
  const previousStart = nowMs - 14 * DAY_MS;
  let week: number | null = null;
  let previous: number | null = null;
  for (const id of stationIds) {
    const key = `${id}#${fuel}`;
    let points = ctx.history.get(key);
    if (!points) {
      points = priceHistorySince(ctx.deps.table, id, fuel, previousStart);
      ctx.history.set(key, points);
    }
    const current = ctx.byId.get(id)?.prices.find((p) => p.fuel === fuel && !p.outlier);
    const all = [...(await points), ...(current ? [{ at: current.updatedAt, price: current.price }] : [])];
    const w = lowestInEffect(all, weekStart, nowMs + 1);
    const p = lowestInEffect(all, previousStart, weekStart);
    if (w !== null) week = week === null ? w : Math.min(week, w);
    if (p !== null) previous = previous === null ? p : Math.min(previous, p);
  }
  return [week, previous];
}
