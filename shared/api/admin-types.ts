/**
 * The admin console's request and response JSON (issue 9, docs/ADMIN.md). Shared by the route handlers
 * (functions/http/*admin*.ts) and the site (web/src/lib/api.ts, the /admin/ page). Additive changes only.
 *
 * Every route here needs an access token of a member of the Cognito `admin` group: 401 without a valid
 * token, 403 for anyone else. Errors are the API's JSON errors `{ error: { code, message, field? } }`.
 */

import type { NamesCoverage } from '../domain/names.ts';

// ─── Data health: GET /api/admin/health ────────────────────────────────────────────────────────────────

export type AdminRunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

/** One ingest run as the runs table shows it (the full record: GET /api/admin/runs/{startedAt}). */
export interface AdminRunRow {
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  status: AdminRunStatus;
  /** 'schedule', 'admin', 'cli'… */
  trigger: string | null;
  /** Why a run was skipped: 'unchanged' (same feed) or 'locked' (another run held the lock). */
  reason: string | null;
  durationMs: number | null;
  /** Compressed bytes read from the feed. */
  bytes: number | null;
  stations: number | null;
  prices: number | null;
  /** Stations whose content changed since the previous published run. */
  changed: number | null;
  /** Items written to the table (stations, history, removal marks). */
  written: number | null;
  /** Feed records that could not be read. */
  rejected: number | null;
  /** Stations per feed quirk (flag), e.g. `{ "no-price": 212 }`. */
  flags: Record<string, number>;
  warnings: number;
  error: { code: string; message: string } | null;
  /** Where the feed came from (URL or file name). */
  source: string | null;
}

export interface AdminDataAge {
  status: 'ok' | 'stale' | 'empty';
  /** Published data older than this is shown as stale. */
  staleAfterSeconds: number;
  runId: string | null;
  publishedAt: string | null;
  /** Seconds since the published data was ingested. */
  ageSeconds: number | null;
  /** The newest price date in the published feed, and its age. */
  feedTime: string | null;
  feedAgeSeconds: number | null;
  stations: number;
  prices: number;
}

export interface AdminQuirk {
  flag: string;
  count: number;
  /** A few station ids with this flag (from the published snapshot; empty when it has none). */
  examples: string[];
}

export interface AdminQuirks {
  /** The newest run that read a feed (its counts). */
  runId: string;
  startedAt: string;
  rejected: number;
  flags: AdminQuirk[];
  /** The published snapshot the example ids come from (null when nothing is published). */
  examplesFrom: string | null;
}

export interface AdminHealthResponse {
  now: string;
  data: AdminDataAge;
  /** The newest runs first, at most 100. */
  runs: AdminRunRow[];
  /** Runs by status among `runs`. */
  counts: Record<AdminRunStatus, number>;
  /**
   * Columns for a chart, oldest run first: start (epoch seconds), duration (ms), changed stations (null for
   * runs that did not diff: skipped or failed before the diff).
   */
  series: { startedAt: number[]; durationMs: (number | null)[]; changed: (number | null)[] };
  quirks: AdminQuirks | null;
  /** Names and brands over the published stations (issue 16): from the pointer, null before names. */
  names: NamesCoverage | null;
}

// ─── One run: GET /api/admin/runs/{startedAt} ──────────────────────────────────────────────────────────

export interface AdminRunResponse {
  /** The run record as the ingest stored it (counts, flags, timings, attempts, warnings, error…). */
  run: Record<string, unknown> & { runId: string; startedAt: string; status: AdminRunStatus };
  /**
   * Log lines of the run when the ingest records them; it does not (yet): null, and `logs` says where they
   * are (CloudWatch Logs of the ingest function, every line carries the runId).
   */
  logLines: string[] | null;
  logs: string;
}

// ─── Usage: GET /api/admin/usage ───────────────────────────────────────────────────────────────────────

/** A figure the API cannot produce yet: `value` is 0 and `note` says why. */
export interface Unavailable {
  available: false;
  note: string;
}

export interface AdminUsageResponse {
  /** When the figures were computed (they are cached for a few minutes). */
  computedAt: string;
  users: {
    total: number;
    enabled: number;
    /** Confirmed sign-ups (UNCONFIRMED users are counted in `total` only). */
    confirmed: number;
    /** True when the user pool has more users than one computation reads: the figures are a lower bound. */
    truncated: boolean;
    /** Sign-ups per ISO week (Monday, Paris date), oldest first, the last 12 weeks, empty weeks included. */
    signUpsPerWeek: { week: string; count: number }[];
  };
  favourites: {
    usersWithFavourites: number;
    total: number;
    /** The 10 stations most users follow, most followed first. */
    topStations: {
      stationId: string;
      followers: number;
      /** The station's OpenStreetMap name and canonical brand (issue 16), when known. */
      name: string | null;
      brand: string | null;
      town: string | null;
      address: string | null;
    }[];
  };
  alerts: {
    /** Users who turned alerts on in their profile. */
    configured: number;
    /** Alert emails sent per day: recorded by the alerts function once it exists. */
    emailsPerDay: { day: string; count: number }[] | Unavailable;
  };
  /** API requests per day: no per-request counter is recorded yet (see docs/ADMIN.md). */
  apiRequestsPerDay: { day: string; count: number }[] | Unavailable;
}

// ─── Users: GET /api/admin/users?emailPrefix=&cursor=&limit= ──────────────────────────────────────────

export interface AdminUser {
  /** Cognito's username (a UUID in AWS): what the user routes take in their path. */
  username: string;
  sub: string | null;
  email: string | null;
  name: string | null;
  /** Cognito status: CONFIRMED, UNCONFIRMED, RESET_REQUIRED, FORCE_CHANGE_PASSWORD… */
  status: string | null;
  enabled: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface AdminUsersResponse {
  users: AdminUser[];
  /** Pass as `cursor` for the next page; null on the last one. */
  cursor: string | null;
}

// ─── Actions: POST /api/admin/ingest, POST /api/admin/users/{username}/{reset-password|disable|enable} ─

/** POST /api/admin/ingest body. `force` re-ingests identical content and publishes a feed validation refused. */
export interface AdminIngestRequest {
  force?: boolean;
}

/** 202: the ingest function was invoked asynchronously; the run appears in the health runs when it starts. */
export interface AdminIngestResponse {
  triggered: { function: 'ingest'; trigger: 'admin'; force: boolean; at: string };
  auditId: string;
}

export type AdminUserAction = 'reset-password' | 'disable' | 'enable';

/** Answer of the user actions: 202 for reset-password (a code is on its way), 200 otherwise. */
export interface AdminUserActionResponse {
  action: AdminUserAction;
  user: Pick<AdminUser, 'username' | 'sub' | 'status' | 'enabled'>;
  auditId: string;
}

// ─── Audit: GET /api/admin/audit?cursor=&limit= ────────────────────────────────────────────────────────

export type AuditAction =
  | 'ingest.trigger'
  | 'user.reset-password'
  | 'user.disable'
  | 'user.enable'
  // A report's decision (issue 16): target is the report id, detail its station, kind and effect.
  | 'report.accept'
  | 'report.reject'
  // The history backfill (issue 18): target 'backfill', detail the years' range.
  | 'backfill.start';

export interface AuditEntry {
  id: string;
  /** When the action started (ISO). */
  at: string;
  /** The admin who acted: their Cognito `sub` (never their email). */
  actor: { sub: string };
  action: AuditAction;
  /** What it acted on: 'ingest', the user's `sub` or the report id; null when it could not be resolved. */
  target: string | null;
  /** 'started' means the action began but its outcome was never recorded (a crash or timeout). */
  result: 'started' | 'ok' | 'failed';
  finishedAt: string | null;
  /** For failures: the API error code and message. */
  error: { code: string; message: string } | null;
  /** Small facts about the action, e.g. `{ force: true }`. */
  detail: Record<string, string | number | boolean>;
}

export interface AdminAuditResponse {
  /** Newest first. */
  entries: AuditEntry[];
  cursor: string | null;
}

// ─── History backfill (issue 18, docs/HISTORY.md): GET and POST /api/admin/backfill ───────────────────

/** A year's last backfill run (its BACKFILL item). */
export interface AdminBackfillRun {
  status: 'running' | 'succeeded' | 'failed';
  /** 'unchanged': the committed year already held these exact bytes, nothing was written. */
  outcome: 'written' | 'unchanged' | null;
  startedAt: string;
  finishedAt: string | null;
  sourceBytes: number | null;
  stations: number | null;
  changes: number | null;
  bytesWritten: number | null;
  error: { code: string; message: string } | null;
}

/** What the history serves for the year: its committed pointer (history/v1/<year>/current.json). */
export interface AdminBackfillCommitted {
  generation: string;
  /** SHA-256 (hex) of the archive the year was read from. */
  sourceSha256: string;
  stations: number;
  changes: number;
  committedAt: string;
}

export interface AdminBackfillYear {
  year: number;
  run: AdminBackfillRun | null;
  committed: AdminBackfillCommitted | null;
}

/** A state machine execution (one backfill over a range of years). */
export interface AdminBackfillExecution {
  executionArn: string;
  status: string;
  startDate: string;
  stopDate: string | null;
  /** The years it was started with (null when its input is not ours). */
  years: number[] | null;
}

export interface AdminBackfillResponse {
  /** Every year from BACKFILL.firstYear to the current one, oldest first. */
  years: AdminBackfillYear[];
  /** The execution running now, if any (at most one runs: a second start answers 409). */
  running: AdminBackfillExecution | null;
}

/** POST /api/admin/backfill { from, to? } → 202. */
export interface AdminBackfillStartResponse {
  execution: AdminBackfillExecution;
  auditId: string;
}
