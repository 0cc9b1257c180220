import { createHmac } from 'node:crypto';
import createError from 'http-errors';
import { audited } from '#shared/admin/audited.ts';
import type { AdminReport, AdminReportDecisionResponse } from '#shared/api/report-types.ts';
import { keys } from '#shared/db/keys.ts';
import { getNameOverride, putNameOverride } from '#shared/db/name-overrides.ts';
import {
  decideReport,
  getReport,
  getReportStations,
  type ReportStation,
  recordDecisionForReporter,
  undoDecision,
} from '#shared/db/reports.ts';
import { tableSecret } from '#shared/db/secrets.ts';
import { overrideFrom, type Report } from '#shared/domain/reports.ts';
import type { Caller } from './caller.ts';
import { table } from './table.ts';

let ipKey: Promise<Uint8Array> | undefined;

/**
 * The caller's address as the per-address limit counts it: an HMAC with this deployment's `report-ip` key
 * (created on first use, like the cursor key), so the table never holds an address, and a hash cannot be
 * reversed by trying the 4 billion IPv4 addresses without the key. A failed read is retried next request.
 */
export async function addressHash(ip: string): Promise<string> {
  ipKey ??= tableSecret(table, keys.secret('report-ip'), { create: true }).then(
    (k) => k as Uint8Array,
    (error) => {
      ipKey = undefined;
      throw error;
    },
  );
  return createHmac('sha256', await ipKey)
    .update(ip)
    .digest('base64url')
    .slice(0, 32);
}

/** A report as the admin queue shows it, with what its station says now. */
export function adminReport(report: Report, station: ReportStation | undefined): AdminReport {
  return {
    id: report.id,
    stationId: report.stationId,
    kind: report.kind,
    proposal: report.proposal,
    comment: report.comment,
    status: report.status,
    createdAt: report.createdAt,
    decidedAt: report.decidedAt,
    reporter: report.reporter,
    decidedBy: report.decidedBy,
    note: report.note,
    station: station
      ? {
          name: station.name,
          brand: station.brand,
          town: station.town,
          address: station.address,
          lat: station.lat,
          lon: station.lon,
        }
      : null,
  };
}

/**
 * Accepts or rejects one pending report, audited (`report.accept` / `report.reject`, target the report id).
 * The decision is one conditional update, so a second decision is a 409 whoever makes it. Accepting a name,
 * brand or position then writes the station's override (merged over an earlier one); if that write fails,
 * the report goes back to the queue and the error goes on.
 */
export async function decide(
  caller: Caller,
  id: string,
  status: 'accepted' | 'rejected',
  note: string | null,
): Promise<AdminReportDecisionResponse> {
  const { value, entry } = await audited(
    { table },
    {
      actor: { sub: caller.sub },
      action: status === 'accepted' ? 'report.accept' : 'report.reject',
      target: id,
    },
    async (notes) => {
      const report = await getReport(table, id);
      if (!report) throw createError(404, `No report ${id}`, { code: 'not_found', field: 'id' });
      Object.assign(notes.detail, { station: report.stationId, kind: report.kind });
      const at = new Date().toISOString();
      if (
        report.status !== 'pending' ||
        !(await decideReport(table, id, { status, by: caller.sub, note, at }))
      )
        throw createError(409, 'This report was already decided', { code: 'conflict', field: 'id' });
      const decided: Report = { ...report, status, decidedAt: at, decidedBy: caller.sub, note };
      let override = null;
      if (status === 'accepted') {
        try {
          override = overrideFrom(report, await getNameOverride(table, report.stationId), at);
          if (override) await putNameOverride(table, override);
        } catch (error) {
          await undoDecision(table, report, at);
          throw error;
        }
      }
      await recordDecisionForReporter(table, decided);
      notes.detail.effect = override ? 'override' : 'decision-only';
      return { decided, override };
    },
  );
  const station = (await getReportStations(table, [value.decided.stationId])).get(value.decided.stationId);
  return {
    report: adminReport(value.decided, station),
    effect: value.override ? 'override' : 'decision-only',
    override: value.override,
    auditId: entry.id,
  };
}
