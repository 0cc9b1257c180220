import * as z from 'zod';
import { cleanText } from '../domain/profile.ts';
import { REPORT_KINDS, REPORT_LIMITS, REPORT_STATUSES } from '../domain/report-rules.ts';
import { reportBodySchema } from '../domain/reports.ts';
import type * as T from './report-types.ts';
import { fuelCode, isoInstant } from './schemas.ts';

/**
 * The zod schemas of the reports API (issue 16, docs/ADMIN.md): what the middleware validates (400 naming
 * the field) and what the handlers answer (the OpenAPI document). The body rules live in the domain
 * (shared/domain/reports.ts) so the site can use them too.
 */

// ─── Requests ───────────────────────────────────────────────────────────────────────────────────────────

export const reportBody = reportBodySchema;

/** Report ids are 16 lowercase hex digits (8 random bytes). */
const REPORT_ID = /^[0-9a-f]{16}$/;

export const reportPath = z.strictObject({
  id: z.string().regex(REPORT_ID, 'A report id is 16 hexadecimal digits'),
});

/** The cursor is the index sort key of the previous page's last report, base64url: `<ISO time>#<id>`. */
const REPORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{16}$/;

export const adminReportsQuery = z.strictObject({
  status: z.enum(REPORT_STATUSES).default('pending'),
  cursor: z
    .string()
    .max(100)
    .transform((c) => Buffer.from(c, 'base64url').toString('utf8'))
    .refine((k) => REPORT_KEY.test(k), 'Not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const decisionBody = z.strictObject({
  note: cleanText(0, REPORT_LIMITS.adminNote.max).optional(),
});

// ─── Responses ──────────────────────────────────────────────────────────────────────────────────────────

const nullableString = z.string().nullable();

const reportView = z.object({
  id: z.string(),
  stationId: z.string(),
  kind: z.enum(REPORT_KINDS),
  proposal: z.object({
    name: z.string().optional(),
    brand: z.string().optional(),
    lat: z.number().optional(),
    lon: z.number().optional(),
    fuel: fuelCode.optional(),
  }),
  comment: nullableString,
  status: z.enum(REPORT_STATUSES),
  createdAt: isoInstant,
  decidedAt: nullableString,
});

export const reportCreatedResponse = z
  .object({
    report: reportView,
    officialContact: z.string().nullable(),
    remainingToday: z.number().int(),
  })
  .meta({ id: 'ReportCreatedResponse' });

const adminReport = reportView
  .extend({
    reporter: nullableString,
    decidedBy: nullableString,
    note: nullableString,
    station: z
      .object({
        name: nullableString,
        brand: nullableString,
        town: z.string(),
        address: z.string(),
        lat: z.number().nullable(),
        lon: z.number().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'AdminReport' });

export const adminReportsResponse = z
  .object({ status: z.enum(REPORT_STATUSES), reports: z.array(adminReport), cursor: nullableString })
  .meta({ id: 'AdminReportsResponse' });

export const adminReportDecisionResponse = z
  .object({
    report: adminReport,
    effect: z.enum(['override', 'decision-only']),
    override: z
      .object({
        stationId: z.string(),
        name: z.string().nullable().optional(),
        brand: z.string().nullable().optional(),
        lat: z.number().optional(),
        lon: z.number().optional(),
        reportId: z.string(),
        acceptedAt: z.string(),
      })
      .nullable(),
    auditId: z.string(),
  })
  .meta({ id: 'AdminReportDecisionResponse' });

// The schemas describe exactly the types the site builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.output<typeof reportCreatedResponse>, T.ReportCreatedResponse>,
  Same<z.output<typeof adminReportsResponse>, T.AdminReportsResponse>,
  Same<z.output<typeof adminReportDecisionResponse>, T.AdminReportDecisionResponse>,
] = [true, true, true];
void sameShapes;
