import * as z from 'zod';
import { FILTER_UNSAFE, LIST_USERS_MAX } from '../admin/users.ts';
import type { IngestRun } from '../domain/run.ts';
import { parisYear } from '../history/state-machine.ts';
import { BACKFILL } from '../platform.ts';
import type * as T from './admin-types.ts';
import { isoInstant, namesCoverage } from './schemas.ts';

/**
 * The zod schemas of the admin console's API (issue 9, docs/ADMIN.md): requests the middleware validates
 * and the answers the handlers give (the OpenAPI document; test/integration/openapi-live.test.ts checks
 * live answers). ./admin-types.ts keeps the interfaces the site imports; the check at the bottom ties them.
 */

// ─── Requests ───────────────────────────────────────────────────────────────────────────────────────────

export const runsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(100) });

export const runPath = z.strictObject({
  startedAt: z.iso.datetime({
    precision: 3,
    message: 'Expected the run start time, e.g. 2025-07-28T13:00:04.123Z',
  }),
});

export const usageQuery = z.strictObject({
  /** Recompute now instead of serving figures up to 5 minutes old. */
  refresh: z
    .enum(['true', 'false'], { error: 'Expected true or false' })
    .transform((v) => v === 'true')
    .optional(),
});

export const usersQuery = z.strictObject({
  /** Matched with Cognito's `email ^= "…"`: quotes, backslashes and control characters are refused. */
  emailPrefix: z
    .string()
    .trim()
    .max(100)
    .refine((s) => !FILTER_UNSAFE.test(s), 'Quotes, backslashes and control characters are not allowed')
    .optional(),
  /** Cognito's PaginationToken, as the previous page returned it. */
  cursor: z
    .string()
    .max(4096)
    .regex(/^[\w+/=.:-]+$/, 'Not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(LIST_USERS_MAX).default(25),
});

/** `{username}` in the user routes: Cognito's own username pattern, at most 128 characters. */
export const userPath = z.strictObject({
  username: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'Not a Cognito username'),
});

export const ingestBody = z.strictObject({ force: z.boolean().default(false) });

/** A year of the archives: BACKFILL.firstYear to the current Paris year (the next one's file is empty). */
const backfillYear = z
  .number({ error: 'Expected a year, e.g. 2023' })
  .int('Expected a year, e.g. 2023')
  .min(BACKFILL.firstYear, `The archives start in ${BACKFILL.firstYear}`)
  .refine((y) => y <= parisYear(), 'Expected a year up to the current one');

/** `to` defaults to `from` (one year). */
export const backfillBody = z
  .strictObject({ from: backfillYear, to: backfillYear.optional() })
  .refine((b) => b.to === undefined || b.to >= b.from, { message: 'Expected to ≥ from', path: ['to'] });

/** The cursor is the sort key of the last entry of the previous page, base64url: `<ISO time>#<id>`. */
const AUDIT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{12}$/;

export const auditQuery = z.strictObject({
  cursor: z
    .string()
    .max(100)
    .transform((c) => Buffer.from(c, 'base64url').toString('utf8'))
    .refine((k) => AUDIT_KEY.test(k), 'Not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

// ─── Responses ──────────────────────────────────────────────────────────────────────────────────────────

const runStatus = z.enum(['running', 'succeeded', 'failed', 'skipped']);
const apiError = z.object({ code: z.string(), message: z.string() });
const nullableString = z.string().nullable();
const nullableInt = z.number().nullable();

const count = z.number().optional();

/** A run record as the ingest stored it (shared/domain/run.ts `IngestRun`, field for field). */
const ingestRun = z
  .object({
    runId: z.string(),
    status: runStatus,
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    durationMs: count,
    source: z.string().optional(),
    trigger: z.string().optional(),
    bytes: count,
    xmlBytes: count,
    stations: count,
    prices: count,
    changed: count,
    written: count,
    skipped: count,
    rejected: count,
    flags: z.record(z.string(), z.number()).optional(),
    error: apiError.optional(),
    force: z.boolean().optional(),
    reason: z.enum(['locked', 'unchanged']).optional(),
    lockedBy: nullableString.optional(),
    detail: z.string().optional(),
    namesVersion: nullableString.optional(),
    overridesHash: nullableString.optional(),
    names: namesCoverage.optional(),
    previousRunId: nullableString.optional(),
    attempts: z.array(z.object({ source: z.string(), error: z.string().optional() })).optional(),
    feedHash: z.string().optional(),
    feedTime: nullableString.optional(),
    archiveKey: nullableString.optional(),
    removed: count,
    stationsWritten: count,
    historyWritten: count,
    removedMarked: count,
    writeRequests: count,
    writeRetries: count,
    snapshotKey: z.string().optional(),
    snapshotBytes: count,
    indexBytes: count,
    partsBytes: count,
    statsDay: z.string().optional(),
    statsRows: count,
    statsWritten: count,
    alerts: z
      .union([
        z.object({ changesKey: z.string(), changes: z.number() }),
        z.enum(['no-previous-run', 'no-changes']),
      ])
      .optional(),
    warnings: z.array(z.string()).optional(),
    timings: z.record(z.string(), z.number()).optional(),
  })
  .meta({ id: 'IngestRun' });

export const adminRunsResponse = z.object({ runs: z.array(ingestRun) }).meta({ id: 'AdminRunsResponse' });

export const adminRunResponse = z
  .object({ run: ingestRun, logLines: z.array(z.string()).nullable(), logs: z.string() })
  .meta({ id: 'AdminRunResponse' });

const runRow = z.object({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: nullableString,
  status: runStatus,
  trigger: nullableString,
  reason: nullableString,
  durationMs: nullableInt,
  bytes: nullableInt,
  stations: nullableInt,
  prices: nullableInt,
  changed: nullableInt,
  written: nullableInt,
  rejected: nullableInt,
  flags: z.record(z.string(), z.number()),
  warnings: z.number(),
  error: apiError.nullable(),
  source: nullableString,
});

export const adminHealthResponse = z
  .object({
    now: isoInstant,
    data: z.object({
      status: z.enum(['ok', 'stale', 'empty']),
      staleAfterSeconds: z.number(),
      runId: nullableString,
      publishedAt: nullableString,
      ageSeconds: nullableInt,
      feedTime: nullableString,
      feedAgeSeconds: nullableInt,
      stations: z.number(),
      prices: z.number(),
    }),
    runs: z.array(runRow),
    counts: z.object({
      running: z.number(),
      succeeded: z.number(),
      failed: z.number(),
      skipped: z.number(),
    }),
    series: z.object({
      startedAt: z.array(z.number()),
      durationMs: z.array(nullableInt),
      changed: z.array(nullableInt),
    }),
    quirks: z
      .object({
        runId: z.string(),
        startedAt: z.string(),
        rejected: z.number(),
        flags: z.array(z.object({ flag: z.string(), count: z.number(), examples: z.array(z.string()) })),
        examplesFrom: nullableString,
      })
      .nullable(),
    names: namesCoverage.nullable(),
  })
  .meta({ id: 'AdminHealthResponse' });

const dayCounts = z.array(z.object({ day: z.string(), count: z.number() }));
const unavailable = z.object({ available: z.literal(false), note: z.string() });

export const adminUsageResponse = z
  .object({
    computedAt: isoInstant,
    users: z.object({
      total: z.number(),
      enabled: z.number(),
      confirmed: z.number(),
      truncated: z.boolean(),
      signUpsPerWeek: z.array(z.object({ week: z.string(), count: z.number() })),
    }),
    favourites: z.object({
      usersWithFavourites: z.number(),
      total: z.number(),
      topStations: z.array(
        z.object({
          stationId: z.string(),
          followers: z.number(),
          name: nullableString,
          brand: nullableString,
          town: nullableString,
          address: nullableString,
        }),
      ),
    }),
    alerts: z.object({ configured: z.number(), emailsPerDay: z.union([dayCounts, unavailable]) }),
    apiRequestsPerDay: z.union([dayCounts, unavailable]),
  })
  .meta({ id: 'AdminUsageResponse' });

const adminUser = z
  .object({
    username: z.string(),
    sub: nullableString,
    email: nullableString,
    name: nullableString,
    status: nullableString,
    enabled: z.boolean(),
    createdAt: nullableString,
    updatedAt: nullableString,
  })
  .meta({ id: 'AdminUser' });

export const adminUsersResponse = z
  .object({ users: z.array(adminUser), cursor: nullableString })
  .meta({ id: 'AdminUsersResponse' });

export const adminIngestResponse = z
  .object({
    triggered: z.object({
      function: z.literal('ingest'),
      trigger: z.literal('admin'),
      force: z.boolean(),
      at: isoInstant,
    }),
    auditId: z.string(),
  })
  .meta({ id: 'AdminIngestResponse' });

export const adminUserActionResponse = z
  .object({
    action: z.enum(['reset-password', 'disable', 'enable']),
    user: adminUser.pick({ username: true, sub: true, status: true, enabled: true }),
    auditId: z.string(),
  })
  .meta({ id: 'AdminUserActionResponse' });

export const adminAuditResponse = z
  .object({
    entries: z.array(
      z.object({
        id: z.string(),
        at: isoInstant,
        actor: z.object({ sub: z.string() }),
        action: z.enum([
          'ingest.trigger',
          'user.reset-password',
          'user.disable',
          'user.enable',
          'report.accept',
          'report.reject',
          'backfill.start',
        ]),
        target: nullableString,
        result: z.enum(['started', 'ok', 'failed']),
        finishedAt: nullableString,
        error: apiError.nullable(),
        detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      }),
    ),
    cursor: nullableString,
  })
  .meta({ id: 'AdminAuditResponse' });

const backfillExecution = z
  .object({
    executionArn: z.string(),
    status: z.string(),
    startDate: isoInstant,
    stopDate: nullableString,
    years: z.array(z.number()).nullable(),
  })
  .meta({ id: 'AdminBackfillExecution' });

export const adminBackfillResponse = z
  .object({
    years: z.array(
      z.object({
        year: z.number(),
        run: z
          .object({
            status: z.enum(['running', 'succeeded', 'failed']),
            outcome: z.enum(['written', 'unchanged']).nullable(),
            startedAt: z.string(),
            finishedAt: nullableString,
            sourceBytes: nullableInt,
            stations: nullableInt,
            changes: nullableInt,
            bytesWritten: nullableInt,
            error: apiError.nullable(),
          })
          .nullable(),
        committed: z
          .object({
            generation: z.string(),
            sourceSha256: z.string(),
            stations: z.number(),
            changes: z.number(),
            committedAt: z.string(),
          })
          .nullable(),
      }),
    ),
    running: backfillExecution.nullable(),
  })
  .meta({ id: 'AdminBackfillResponse' });

export const adminBackfillStartResponse = z
  .object({ execution: backfillExecution, auditId: z.string() })
  .meta({ id: 'AdminBackfillStartResponse' });

// The schemas describe exactly the types the site builds against (compile-time check, both ways), the run
// record included (shared/domain/run.ts).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.output<typeof adminHealthResponse>, T.AdminHealthResponse>,
  Same<z.output<typeof adminUsageResponse>, T.AdminUsageResponse>,
  Same<z.output<typeof adminUsersResponse>, T.AdminUsersResponse>,
  Same<z.output<typeof adminIngestResponse>, T.AdminIngestResponse>,
  Same<z.output<typeof adminUserActionResponse>, T.AdminUserActionResponse>,
  Same<z.output<typeof adminAuditResponse>, T.AdminAuditResponse>,
  Same<z.output<typeof ingestRun>, IngestRun>,
  Same<z.output<typeof adminBackfillResponse>, T.AdminBackfillResponse>,
  Same<z.output<typeof adminBackfillStartResponse>, T.AdminBackfillStartResponse>,
] = [true, true, true, true, true, true, true, true, true];
void sameShapes;
