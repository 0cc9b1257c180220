import { randomBytes } from 'node:crypto';
import createError from 'http-errors';
import { reportBody, reportCreatedResponse } from '#shared/api/report-schemas.ts';
import { stationIdPath } from '#shared/api/schemas.ts';
import { keys } from '#shared/db/keys.ts';
import { releaseSlot, takeSlot } from '#shared/db/report-limits.ts';
import { getReportStation, putReport } from '#shared/db/reports.ts';
import { OFFICIAL_PRICE_CONTACT, REPORT_LIMITS } from '#shared/domain/report-rules.ts';
import { positionProblem, proposalOf, type Report, reportDay } from '#shared/domain/reports.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { addressHash } from './lib/reports.ts';
import { table } from './lib/table.ts';

/**
 * POST /api/stations/{id}/reports — "Signaler une erreur": a wrong name, brand or position, a closed station
 * or a wrong price, queued for the admins (201). 404 for an unknown station, 400 naming the field, 429 with
 * Retry-After past REPORT_LIMITS per account or per address and Paris day. A price report's answer points to
 * the government site: only the station can correct its prices.
 */
export const handler = httpHandler(
  'POST /api/stations/{id}/reports',
  {
    path: stationIdPath,
    body: reportBody,
    response: reportCreatedResponse,
    status: [201],
    errors: [404, 429],
    summary: 'Report a wrong name, brand, position, price or a closed station (queued for the admins)',
  },
  async ({ caller, path, body, sourceIp }) => {
    const station = await getReportStation(table, path.id);
    if (!station) throw createError(404, `No station ${path.id}`, { code: 'not_found', field: 'id' });
    if (body.kind === 'position') {
      const problem = positionProblem(station, body.lat, body.lon);
      if (problem) throw createError(400, problem, { code: 'invalid', field: 'lat' });
    }
    const now = new Date();
    const { day, retryAfterSeconds } = reportDay(now);
    const expiresAt = Math.floor(now.getTime() / 1000) + 2 * 86_400;
    const ipKey = keys.reportIpDay(await addressHash(sourceIp ?? 'unknown'), day);
    const throttled = (message: string) =>
      respond(429, { error: { code: 'throttled', message } }, { 'retry-after': String(retryAfterSeconds) });
    // The address first, then the account: when the account is refused, the address's slot is given back.
    if ((await takeSlot(table, ipKey, REPORT_LIMITS.perIpPerDay, expiresAt)) === null)
      return throttled(`At most ${REPORT_LIMITS.perIpPerDay} reports a day from one address`);
    const used = await takeSlot(
      table,
      keys.reportDay(caller.sub, day),
      REPORT_LIMITS.perUserPerDay,
      expiresAt,
    );
    if (used === null) {
      await releaseSlot(table, ipKey);
      return throttled(`At most ${REPORT_LIMITS.perUserPerDay} reports a day per account`);
    }
    const report: Report & { reporter: string } = {
      id: randomBytes(8).toString('hex'),
      stationId: station.id,
      kind: body.kind,
      proposal: proposalOf(body),
      comment: body.comment || null,
      status: 'pending',
      createdAt: now.toISOString(),
      reporter: caller.sub,
      decidedAt: null,
      decidedBy: null,
      note: null,
    };
    await putReport(table, report);
    const { reporter: _r, decidedBy: _d, note: _n, ...view } = report;
    return respond(201, {
      report: view,
      officialContact: body.kind === 'price' ? OFFICIAL_PRICE_CONTACT : null,
      remainingToday: Math.max(0, REPORT_LIMITS.perUserPerDay - used),
    });
  },
);
