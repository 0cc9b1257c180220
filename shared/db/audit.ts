import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditAction, AuditEntry } from '../api/admin-types.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/**
 * The admin audit list: one item per admin action, `AUDIT` / `<ISO time>#<id>`, expiring after
 * AUDIT_RETENTION_DAYS (TTL attribute `expiresAt`; dynalite keeps them). An entry is written *before* the
 * action (result 'started') and updated with its outcome after, so no action runs without a trace: a crash
 * between the two leaves 'started'. One partition is plenty for a handful of admins (≤ 1,000 writes/s).
 */
export const AUDIT_RETENTION_DAYS = 365;

export interface AuditStart {
  actor: { sub: string };
  action: AuditAction;
  target?: string | null;
  detail?: AuditEntry['detail'];
}

/** Writes the 'started' entry; returns it (its `id` and `at` make its key). */
export async function startAudit(
  table: Table,
  start: AuditStart,
  now: Date = new Date(),
): Promise<AuditEntry> {
  const entry: AuditEntry = {
    id: randomBytes(6).toString('hex'),
    at: now.toISOString(),
    actor: { sub: start.actor.sub },
    action: start.action,
    target: start.target ?? null,
    result: 'started',
    finishedAt: null,
    error: null,
    detail: start.detail ?? {},
  };
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.audit(entry.at, entry.id),
        ...entry,
        expiresAt: Math.floor(now.getTime() / 1000) + AUDIT_RETENTION_DAYS * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return entry;
}

/** Records the outcome (and the target, once it is known) on the entry `startAudit` wrote. */
export async function finishAudit(
  table: Table,
  entry: AuditEntry,
  outcome: Pick<AuditEntry, 'result' | 'error' | 'target' | 'detail'>,
  now: Date = new Date(),
): Promise<AuditEntry> {
  const finished: AuditEntry = { ...entry, ...outcome, finishedAt: now.toISOString() };
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.audit(entry.at, entry.id),
      UpdateExpression:
        'SET #result = :result, #error = :error, #target = :target, #detail = :detail, finishedAt = :finishedAt',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: {
        '#result': 'result',
        '#error': 'error',
        '#target': 'target',
        '#detail': 'detail',
      },
      ExpressionAttributeValues: {
        ':result': finished.result,
        ':error': finished.error,
        ':target': finished.target,
        ':detail': finished.detail,
        ':finishedAt': finished.finishedAt,
      },
    }),
  );
  return finished;
}

/** Newest first; `after` is the sort key of the last entry of the previous page. */
export async function listAudit(
  table: Table,
  limit: number,
  after?: string,
): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const res = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditPk },
      ScanIndexForward: false,
      Limit: limit,
      ...(after ? { ExclusiveStartKey: { PK: keys.auditPk, SK: after } } : {}),
    }),
  );
  const entries = (res.Items ?? []).map(toAuditEntry);
  const last = res.LastEvaluatedKey?.SK;
  return { entries, next: typeof last === 'string' ? last : null };
}

function toAuditEntry(item: Record<string, unknown>): AuditEntry {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const actor = item.actor as { sub?: unknown } | undefined;
  const error = item.error as { code?: unknown; message?: unknown } | null | undefined;
  return {
    id: String(item.id ?? ''),
    at: String(item.at ?? ''),
    actor: { sub: String(actor?.sub ?? '') },
    action: item.action as AuditAction,
    target: str(item.target),
    result: item.result === 'ok' || item.result === 'failed' ? item.result : 'started',
    finishedAt: str(item.finishedAt),
    error: error ? { code: String(error.code ?? ''), message: String(error.message ?? '') } : null,
    detail: (item.detail as AuditEntry['detail'] | undefined) ?? {},
  };
}
