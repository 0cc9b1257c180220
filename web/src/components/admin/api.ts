/**
 * The admin console's calls, through the site's typed API client (lib/api.ts `request`): every one needs an
 * admin's access token; the API answers 403 to anyone else. Shapes: shared/api/admin-types.ts.
 */
import type {
  AdminAuditResponse,
  AdminBackfillResponse,
  AdminBackfillStartResponse,
  AdminHealthResponse,
  AdminIngestResponse,
  AdminRunResponse,
  AdminUsageResponse,
  AdminUserAction,
  AdminUserActionResponse,
  AdminUsersResponse,
} from '#shared/api/admin-types.ts';
import type {
  AdminReportDecisionResponse,
  AdminReportsResponse,
  ReportStatus,
} from '#shared/api/report-types.ts';
import { request } from '../../lib/api.ts';

export type * from '#shared/api/admin-types.ts';
export type * from '#shared/api/report-types.ts';

export const getAdminHealth = () => request<AdminHealthResponse>('/admin/health', { auth: true });

export const getAdminRun = (startedAt: string) =>
  request<AdminRunResponse>(`/admin/runs/${encodeURIComponent(startedAt)}`, { auth: true });

export const getAdminUsage = (refresh = false) =>
  request<AdminUsageResponse>('/admin/usage', { query: { refresh }, auth: true });

export const getAdminUsers = (emailPrefix: string, cursor: string | null = null, signal?: AbortSignal) =>
  request<AdminUsersResponse>('/admin/users', {
    query: { emailPrefix, cursor, limit: 20 },
    auth: true,
    ...(signal ? { signal } : {}),
  });

export const postAdminUserAction = (username: string, action: AdminUserAction) =>
  request<AdminUserActionResponse>(`/admin/users/${encodeURIComponent(username)}/${action}`, {
    method: 'POST',
    auth: true,
  });

export const postAdminIngest = (force: boolean) =>
  request<AdminIngestResponse>('/admin/ingest', { method: 'POST', body: { force }, auth: true });

export const getAdminAudit = (cursor: string | null = null) =>
  request<AdminAuditResponse>('/admin/audit', { query: { cursor, limit: 20 }, auth: true });

/** The history backfill (issue 18): each year's state, and a start over `from`..`to` (409 while one runs). */
export const getAdminBackfill = () => request<AdminBackfillResponse>('/admin/backfill', { auth: true });

export const postAdminBackfill = (from: number, to: number) =>
  request<AdminBackfillStartResponse>('/admin/backfill', { method: 'POST', body: { from, to }, auth: true });

/** The reports queue ("Signaler une erreur"): shapes in shared/api/report-types.ts. */
export const getAdminReports = (status: ReportStatus, cursor: string | null = null, signal?: AbortSignal) =>
  request<AdminReportsResponse>('/admin/reports', {
    query: { status, cursor, limit: 20 },
    auth: true,
    ...(signal ? { signal } : {}),
  });

export const postAdminReportDecision = (id: string, verdict: 'accept' | 'reject', note: string) =>
  request<AdminReportDecisionResponse>(`/admin/reports/${encodeURIComponent(id)}/${verdict}`, {
    method: 'POST',
    body: note ? { note } : {},
    auth: true,
  });
