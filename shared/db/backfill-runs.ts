import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BackfillSummary } from '../history/types.ts';
import type { Table } from './client.ts';
import { keys, withoutKeys } from './keys.ts';

export type BackfillRunStatus = 'running' | 'succeeded' | 'failed';

/** The last run of one year: what the admin console shows (docs/HISTORY.md, "Running it in AWS"). */
export interface BackfillRun {
  year: number;
  status: BackfillRunStatus;
  /** 'written' or 'unchanged' once succeeded. */
  outcome?: BackfillSummary['outcome'];
  startedAt: string;
  finishedAt?: string;
  sourceBytes?: number;
  stations?: number;
  changes?: number;
  objectsWritten?: number;
  bytesWritten?: number;
  /** Why it failed: the error's name and message. */
  error?: { code: string; message: string };
}

const STATUSES: readonly unknown[] = ['running', 'succeeded', 'failed'] satisfies BackfillRunStatus[];

/** Writes the year's record whole (each run of a year replaces the previous one's). */
export async function saveBackfillRun(table: Table, run: BackfillRun): Promise<void> {
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: { ...keys.backfillRun(run.year), ...run } }),
  );
}

/**
 * Marks a year failed without its run (Lambda timed out or crashed: the state machine's Catch says why),
 * keeping what the run had recorded.
 */
export async function markBackfillFailed(
  table: Table,
  year: number,
  error: { code: string; message: string },
  at: Date,
): Promise<void> {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.backfillRun(year),
      UpdateExpression:
        'SET #year = :year, #status = :failed, #error = :error, finishedAt = :at, startedAt = if_not_exists(startedAt, :at)',
      ExpressionAttributeNames: { '#year': 'year', '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues: {
        ':year': year,
        ':failed': 'failed',
        ':error': error,
        ':at': at.toISOString(),
      },
    }),
  );
}

/** Every year's last run, oldest year first. */
export async function listBackfillRuns(table: Table): Promise<BackfillRun[]> {
  const res = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.backfillRunPk },
    }),
  );
  return (res.Items ?? []).map(toBackfillRun).sort((a, b) => a.year - b.year);
}

/** A run from its item: keys stripped; an unknown status reads as failed. */
function toBackfillRun(item: Record<string, unknown>): BackfillRun {
  const data = withoutKeys(item);
  return {
    ...(data as Partial<BackfillRun>),
    year: Number(data.year ?? item.SK),
    startedAt: String(data.startedAt ?? ''),
    status: STATUSES.includes(data.status) ? (data.status as BackfillRunStatus) : 'failed',
  };
}
