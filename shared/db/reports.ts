import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FuelCode } from '../domain/fuels.ts';
import type { ReportKind, ReportStatus } from '../domain/report-rules.ts';
import type { Report, ReportProposal } from '../domain/reports.ts';
import { batchGetItems } from './batch-get.ts';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys, withoutKeys } from './keys.ts';

/**
 * Reports (issue 16, "Signaler une erreur"). Each report is one item in its own partition (`REPORT#<id>`),
 * indexed by status in GSI1 for the admin queue, plus the reporter's copy under their key (`USER#<sub>`,
 * `REPORT#<id>`): it is in their export, and it is how erasure finds their reports to anonymise them
 * (`anonymiseReport`: reporter and comment removed, the rest kept — the correction may be right, and an
 * accepted one is the record behind an override). A decision is one conditional update ("still pending"),
 * so two admins can never both decide one report.
 */

/** The station fields a report checks (its position) and the admin queue shows (its title, what it says now). */
export interface ReportStation {
  id: string;
  name: string | null;
  brand: string | null;
  town: string;
  address: string;
  dept: string;
  lat: number | null;
  lon: number | null;
  flags: string[];
}

const STATION_FIELDS = ['id', '#name', 'brand', 'town', 'address', 'dept', 'lat', 'lon', 'flags'];

export async function getReportStation(table: Table, id: string): Promise<ReportStation | null> {
  const res = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.station(id),
      ProjectionExpression: `${STATION_FIELDS.join(', ')}, removedAt`,
      ExpressionAttributeNames: { '#name': 'name' },
    }),
  );
  // A station that left the feed cannot be corrected: nothing would show the correction.
  return res.Item && !res.Item.removedAt ? toReportStation(res.Item) : null;
}

/** The stations of a page of reports, by id (removed ones included: the admin still sees what it was). */
export async function getReportStations(
  table: Table,
  ids: readonly string[],
): Promise<Map<string, ReportStation>> {
  const items = await batchGetItems(
    table,
    [...new Set(ids)].map((id) => keys.station(id)),
    { projection: ['id', 'name', 'brand', 'town', 'address', 'dept', 'lat', 'lon', 'flags'] },
  );
  return new Map(items.map((i) => [String(i.id), toReportStation(i)]));
}

/** Writes the report and the reporter's copy (the copy last: a crash leaves a report, never a dangling link). */
export async function putReport(table: Table, report: Report & { reporter: string }): Promise<void> {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.report(report.id),
        ...keys.reportIndex(report.status, report.createdAt, report.id),
        ...report,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.userReport(report.reporter, report.id), ...userCopy(report) },
    }),
  );
}

export async function getReport(table: Table, id: string): Promise<Report | null> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.report(id), ConsistentRead: true }),
  );
  return res.Item ? toReport(res.Item) : null;
}

/**
 * One page of reports with a status: pending oldest first (the queue), decided ones newest first. `after`
 * is the index sort key of the previous page's last report.
 */
export async function listReports(
  table: Table,
  status: ReportStatus,
  limit: number,
  after?: string,
): Promise<{ reports: Report[]; next: string | null }> {
  const pk = keys.reportsPk(status);
  const res = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: status === 'pending',
      Limit: limit,
      ...(after
        ? {
            ExclusiveStartKey: {
              ...keys.report(after.slice(after.lastIndexOf('#') + 1)),
              GSI1PK: pk,
              GSI1SK: after,
            },
          }
        : {}),
    }),
  );
  const last = res.LastEvaluatedKey?.GSI1SK;
  return { reports: (res.Items ?? []).map(toReport), next: typeof last === 'string' ? last : null };
}

/**
 * Decides a pending report: true when this call decided it, false when it was no longer pending (someone
 * else decided it, or it never existed). The report moves to its status's queue.
 */
export async function decideReport(
  table: Table,
  id: string,
  decision: { status: Exclude<ReportStatus, 'pending'>; by: string; note: string | null; at: string },
): Promise<boolean> {
  const index = keys.reportIndex(decision.status, decision.at, id);
  return writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.report(id),
      UpdateExpression:
        'SET #status = :status, decidedAt = :at, decidedBy = :by, note = :note, GSI1PK = :gpk, GSI1SK = :gsk',
      ConditionExpression: 'attribute_exists(PK) AND #status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': decision.status,
        ':at': decision.at,
        ':by': decision.by,
        ':note': decision.note,
        ':gpk': index.GSI1PK,
        ':gsk': index.GSI1SK,
        ':pending': 'pending',
      },
    }),
  );
}

/** Puts a report back in the queue when the decision's effect could not be written (only that decision). */
export async function undoDecision(table: Table, report: Report, decidedAt: string): Promise<void> {
  const index = keys.reportIndex('pending', report.createdAt, report.id);
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.report(report.id),
      UpdateExpression:
        'SET #status = :pending, decidedAt = :null, decidedBy = :null, note = :null, GSI1PK = :gpk, GSI1SK = :gsk',
      ConditionExpression: 'decidedAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pending': 'pending',
        ':null': null,
        ':at': decidedAt,
        ':gpk': index.GSI1PK,
        ':gsk': index.GSI1SK,
      },
    }),
  );
}

/** Keeps the reporter's copy in step with the decision (their export shows it); gone with their account. */
export async function recordDecisionForReporter(table: Table, report: Report): Promise<void> {
  if (!report.reporter) return;
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.userReport(report.reporter, report.id),
      UpdateExpression: 'SET #status = :status, decidedAt = :at',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': report.status, ':at': report.decidedAt },
    }),
  );
}

/**
 * Erasure (shared/db/users.ts): the report stays in the queue and in the record, without who sent it or
 * their free text. Idempotent.
 */
export async function anonymiseReport(table: Table, id: string, at: string): Promise<void> {
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.report(id),
      UpdateExpression: 'SET anonymisedAt = if_not_exists(anonymisedAt, :at) REMOVE reporter, #comment',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#comment': 'comment' },
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

/** A user's copy of one report, as their export shows it (no decider, no note: those are the admins'). */
function userCopy(report: Report) {
  return {
    reportId: report.id,
    stationId: report.stationId,
    kind: report.kind,
    proposal: report.proposal,
    comment: report.comment,
    status: report.status,
    createdAt: report.createdAt,
    decidedAt: report.decidedAt,
  };
}

function toReport(item: Record<string, unknown>): Report {
  const data = withoutKeys(item);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const p = (data.proposal ?? {}) as Record<string, unknown>;
  const proposal: ReportProposal = {};
  if (typeof p.name === 'string') proposal.name = p.name;
  if (typeof p.brand === 'string') proposal.brand = p.brand;
  if (typeof p.lat === 'number' && typeof p.lon === 'number')
    Object.assign(proposal, { lat: p.lat, lon: p.lon });
  if (typeof p.fuel === 'string') proposal.fuel = p.fuel as FuelCode;
  return {
    id: String(data.id),
    stationId: String(data.stationId),
    kind: data.kind as ReportKind,
    proposal,
    comment: str(data.comment),
    status: (data.status as ReportStatus) ?? 'pending',
    createdAt: String(data.createdAt ?? ''),
    reporter: str(data.reporter),
    decidedAt: str(data.decidedAt),
    decidedBy: str(data.decidedBy),
    note: str(data.note),
  };
}

function toReportStation(item: Record<string, unknown>): ReportStation {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: String(item.id),
    name: str(item.name),
    brand: str(item.brand),
    town: String(item.town ?? ''),
    address: String(item.address ?? ''),
    dept: String(item.dept ?? ''),
    lat: typeof item.lat === 'number' ? item.lat : null,
    lon: typeof item.lon === 'number' ? item.lon : null,
    flags: Array.isArray(item.flags) ? item.flags.map(String) : [],
  };
}
