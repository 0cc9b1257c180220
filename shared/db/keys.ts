import { createHash } from 'node:crypto';
import type { AlertRule } from '../api/alert-types.ts';

const userPk = (sub: string) => `USER#${sub}`;
const historyPk = (stationId: string, fuel: string) => `HIST#${stationId}#${fuel}`;
const followersPk = (stationId: string) => `FAVSTATION#${stationId}`;
const alertCellPk = (fuel: string, cell: string) => `ALERTCELL#${fuel}#${cell}`;
const dailyStatsPk = (day: string) => `STATS#${day}`;
const dailyBrandStatsPk = (day: string) => `STATSB#${day}`;
const FAV = 'FAV#';
const ALERT_STATE = 'ALERT#';
const ALERT_INDEX = 'ALERTIDX#';
const DIGEST = 'DIGEST';
const RUN = 'RUN';
const AUDIT = 'AUDIT';
const USER_REPORT = 'REPORT#';

/**
 * The per-deployment secrets: paging cursors' signing key, the key that hashes reporters' addresses, and the
 * VAPID private key of Web Push (issue 19, shared/alerts/vapid.ts).
 */
export type SecretName = 'cursor' | 'report-ip' | 'vapid';

/**
 * Every key of the single table — PK/SK, the GSI1PK/GSI1SK of indexed items, and the key prefixes the reads
 * filter on — is built (and parsed) here, so item shapes are visible in one place (DESIGN.md,
 * docs/ALERTS.md). Everything of a user lives under `USER#<sub>`, so erasing an account (./users.ts)
 * removes it all.
 */
export const keys = {
  station: (id: string) => ({ PK: `STATION#${id}`, SK: 'META' }),
  history: (stationId: string, fuel: string, at: string) => ({ PK: historyPk(stationId, fuel), SK: at }),
  historyPk,

  userPk,
  /** The sub of a `USER#<sub>` key (a PK, or the GSI1SK of the favourite and digest index entries). */
  subOf: (userKey: unknown) => String(userKey).replace(/^USER#/, ''),
  profile: (sub: string) => ({ PK: userPk(sub), SK: 'PROFILE' }),
  favourite: (sub: string, stationId: string) => ({ PK: userPk(sub), SK: `${FAV}${stationId}` }),
  favouritePrefix: FAV,
  /** GSI1 entry of a favourite: who follows a station (the alerts). */
  favouriteIndex: (sub: string, stationId: string) => ({
    GSI1PK: followersPk(stationId),
    GSI1SK: userPk(sub),
  }),
  followersPk,
  /**
   * The erasure marker of an erased account (shared/db/users.ts): outside `USER#<sub>`, so neither the export
   * nor a re-run of the erase sees it, and keyed by a hash so it names no one to whoever scans the table.
   */
  erased: (sub: string) => ({
    PK: `ERASED#${createHash('sha256').update(sub).digest('base64url')}`,
    SK: 'ERASED',
  }),

  // Price alerts (issue 8, docs/ALERTS.md).
  /** Last notified price of a station × fuel for the user. */
  alertState: (sub: string, stationId: string, fuel: string) => ({
    PK: userPk(sub),
    SK: `${ALERT_STATE}${stationId}#${fuel}`,
  }),
  alertStatePrefix: ALERT_STATE,
  /** The user's alert rules and digest opt-in (GSI1 `digestIndex` while opted in). */
  alertSettings: (sub: string) => ({ PK: userPk(sub), SK: 'ALERTS' }),
  /** One place-scope rule registered in one grid cell; its GSI1 entry is `alertCellIndex`. */
  alertIndex: (sub: string, ruleId: string, cell: string) => ({
    PK: userPk(sub),
    SK: `${ALERT_INDEX}${ruleId}#${cell}`,
  }),
  alertIndexPrefix: ALERT_INDEX,
  /**
   * GSI1 entry of a rule in a cell: thresholds sort by price in mills (`T…`), drop-only rules by cents
   * (`D…`), so one range query per changed (fuel, cell) finds the rules a price may match.
   */
  alertCellIndex: (sub: string, rule: AlertRule, cell: string) => ({
    GSI1PK: alertCellPk(rule.fuel, cell),
    GSI1SK: `${
      rule.maxPrice !== null
        ? `T${String(Math.round(rule.maxPrice * 1000)).padStart(5, '0')}`
        : `D${String(rule.dropCents ?? 0).padStart(3, '0')}`
    }#${sub}#${rule.id}`,
  }),
  alertCellPk,
  /**
   * The user's Web Push subscriptions (issue 19, ./push-subscriptions.ts): one item holding at most 5, so the
   * cap is one conditional update and the alerts read them with one GetItem.
   */
  pushSubscriptions: (sub: string) => ({ PK: userPk(sub), SK: 'PUSHSUBS' }),
  /** Alert emails sent to the user on one Paris day, and for which runs (daily cap; one email per run). */
  alertDay: (sub: string, day: string) => ({ PK: userPk(sub), SK: `ALERTDAY#${day}` }),
  /** What one evaluation of an ingest run did (counts only). */
  alertRun: (runId: string) => ({ PK: 'ALERTRUN', SK: runId }),
  /** The random HMAC secret of unsubscribe links, created once with a conditional put. */
  alertsSecret: { PK: 'META', SK: 'ALERTS_SECRET' },
  /** GSI1 entry of a user opted in to the weekly digest. */
  digestIndex: (sub: string) => ({ GSI1PK: DIGEST, GSI1SK: userPk(sub) }),
  digestPk: DIGEST,
  /** Progress of one week's digest (a cursor over the DIGEST index partition). */
  digestState: (week: string) => ({ PK: `${DIGEST}#${week}`, SK: 'STATE' }),

  run: (startedAt: string) => ({ PK: RUN, SK: startedAt }),
  runPk: RUN,
  /** GSI1 entry of a run: runs by status. */
  runIndex: (status: string, startedAt: string) => ({ GSI1PK: `${RUN}#${status}`, GSI1SK: startedAt }),
  /** The pointer to the last published snapshot: flipped only when a run fully succeeded. */
  published: { PK: 'META', SK: 'PUBLISHED' },
  /** A per-deployment secret (shared/db/secrets.ts), one partition each so IAM can grant its creation alone. */
  secret: (name: SecretName) => ({ PK: `SECRET#${name}`, SK: 'SECRET' }),
  lock: (name: string) => ({ PK: `LOCK#${name}`, SK: 'LOCK' }),
  dailyStats: (day: string, dept: string, fuel: string) => ({ PK: dailyStatsPk(day), SK: `${dept}#${fuel}` }),
  dailyStatsPk,
  /** The day of a `STATS#<day>` (or `STATSB#<day>`) partition key. */
  dayOf: (statsPk: unknown) => String(statsPk).replace(/^STATSB?#/, ''),
  /**
   * One brand's daily row (issue 16): its own partition per day, so the plain rows' partition (read whole by
   * each ingest to diff it) stays as small as before. `brandKey` is the folded brand (names.ts `foldName`).
   */
  dailyBrandStats: (day: string, brandKey: string, dept: string, fuel: string) => ({
    PK: dailyBrandStatsPk(day),
    SK: `${brandKey}#${dept}#${fuel}`,
  }),
  dailyBrandStatsPk,
  /** One admin action (docs/ADMIN.md): newest last in the partition, read newest first. */
  audit: (at: string, id: string) => ({ PK: AUDIT, SK: `${at}#${id}` }),
  auditPk: AUDIT,

  // Names and brands (issue 16, docs/NAMES.md).
  /** An accepted correction of one station's name, brand or position: wins over OpenStreetMap. */
  nameOverride: (stationId: string) => ({ PK: 'NAMEOVERRIDE', SK: stationId }),
  nameOverridePk: 'NAMEOVERRIDE',
  /** One refresh of the names table (shared/names/refresh.ts), newest last in the partition. */
  namesRun: (startedAt: string) => ({ PK: 'NAMESRUN', SK: startedAt }),
  namesRunPk: 'NAMESRUN',

  // History backfill (issue 18, docs/HISTORY.md).
  /** The last backfill run of one year (shared/db/backfill-runs.ts): one item per year, replaced by each run. */
  backfillRun: (year: number) => ({ PK: 'BACKFILL', SK: String(year) }),
  backfillRunPk: 'BACKFILL',

  // "Signaler une erreur" (issue 16, docs/ADMIN.md, docs/ACCOUNTS.md).
  /** One report: its own partition, so the admin routes read and decide it by id alone. */
  report: (id: string) => ({ PK: `REPORT#${id}`, SK: 'REPORT' }),
  /**
   * GSI1 entry of a report: the admin queue by status. Pending reports sort by creation time (oldest first
   * is the queue), decided ones by decision time.
   */
  reportIndex: (status: string, at: string, id: string) => ({
    GSI1PK: `REPORTS#${status}`,
    GSI1SK: `${at}#${id}`,
  }),
  reportsPk: (status: string) => `REPORTS#${status}`,
  /** The reporter's copy, under their key: in their export, and the link erasure follows to anonymise. */
  userReport: (sub: string, id: string) => ({ PK: userPk(sub), SK: `${USER_REPORT}${id}` }),
  userReportPrefix: USER_REPORT,
  /** Reports the user sent on one Paris day (the per-user cap). */
  reportDay: (sub: string, day: string) => ({ PK: userPk(sub), SK: `REPORTDAY#${day}` }),
  /** Reports sent from one address on one Paris day (the per-address cap): a keyed hash, never the address. */
  reportIpDay: (ipHash: string, day: string) => ({ PK: `REPORTIP#${ipHash}`, SK: day }),
} as const;

/** An item without the table's key attributes (PK, SK, GSI1PK, GSI1SK): what the `toX()` mappers start from. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...rest } = item;
  return rest;
}
