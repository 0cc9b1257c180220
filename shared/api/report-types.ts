/**
 * The reports API's JSON ("Signaler une erreur", issue 16, docs/ADMIN.md): the driver's POST
 * /api/stations/{id}/reports and the admin queue. Shared by the handlers and the site; ./report-schemas.ts
 * has the zod schemas, tied to these by a compile-time check.
 */
import type { NameOverride } from '../domain/names.ts';
import type { ReportKind, ReportStatus } from '../domain/report-rules.ts';
import type { ReportProposal } from '../domain/reports.ts';

export type { ReportKind, ReportStatus } from '../domain/report-rules.ts';
export type { ReportBody, ReportProposal } from '../domain/reports.ts';

/** A report as its sender sees it. */
export interface ReportView {
  id: string;
  stationId: string;
  kind: ReportKind;
  proposal: ReportProposal;
  comment: string | null;
  status: ReportStatus;
  createdAt: string;
  decidedAt: string | null;
}

/**
 * 201. `officialContact`: for a price report, the government site where the station's prices are corrected
 * (only the station can); null otherwise.
 */
export interface ReportCreatedResponse {
  report: ReportView;
  officialContact: string | null;
  /** Reports left today for this account. */
  remainingToday: number;
}

/** What the station says now, for the admin to compare with the proposal (null: the station is gone). */
export interface AdminReportStation {
  name: string | null;
  brand: string | null;
  town: string;
  address: string;
  lat: number | null;
  lon: number | null;
}

export interface AdminReport extends ReportView {
  /** The sender's Cognito sub (never their email); null once their account was erased. */
  reporter: string | null;
  /** The admin who decided (their sub), and their note. */
  decidedBy: string | null;
  note: string | null;
  station: AdminReportStation | null;
}

/** GET /api/admin/reports?status=&cursor=&limit=: pending oldest first, decided ones newest first. */
export interface AdminReportsResponse {
  status: ReportStatus;
  reports: AdminReport[];
  cursor: string | null;
}

/**
 * POST /api/admin/reports/{id}/accept|reject. `effect`: 'override' when accepting wrote the station's name
 * override (it wins over OpenStreetMap from the next ingest on); 'decision-only' when only the decision was
 * recorded (closed and price reports, and every rejection).
 */
export interface AdminReportDecisionResponse {
  report: AdminReport;
  effect: 'override' | 'decision-only';
  override: NameOverride | null;
  auditId: string;
}
