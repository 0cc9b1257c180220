import type { AuditEntry } from '../api/admin-types.ts';
import { type AuditStart, finishAudit, startAudit } from '../db/audit.ts';
import type { Table } from '../db/client.ts';

/** What the action may add to its audit entry while it runs (the target once resolved, small facts). */
export interface AuditNotes {
  target: string | null;
  detail: AuditEntry['detail'];
}

/**
 * Runs one admin action with its audit entry: 'started' is written first (no entry, no action), then the
 * outcome — 'ok', or 'failed' with the error's code and message before the error goes on to the caller.
 */
export async function audited<T>(
  deps: { table: Table; now?: () => Date },
  start: AuditStart,
  action: (notes: AuditNotes) => Promise<T>,
): Promise<{ value: T; entry: AuditEntry }> {
  const now = deps.now ?? (() => new Date());
  const entry = await startAudit(deps.table, start, now());
  const notes: AuditNotes = { target: entry.target, detail: { ...entry.detail } };
  let value: T;
  try {
    value = await action(notes);
  } catch (error) {
    await finishAudit(deps.table, entry, { result: 'failed', error: describeError(error), ...notes }, now());
    throw error;
  }
  const finished = await finishAudit(deps.table, entry, { result: 'ok', error: null, ...notes }, now());
  return { value, entry: finished };
}

/** An error as the audit shows it: a code (HTTP error code, or the SDK error's name) and a short message. */
export function describeError(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'error';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { code: code.slice(0, 80), message: message.slice(0, 300) };
}
