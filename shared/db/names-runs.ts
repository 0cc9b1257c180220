import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NamesRun, NamesRunStatus } from '../domain/names-run.ts';
import type { Table } from './client.ts';
import { keys, withoutKeys } from './keys.ts';

export type { NamesRun } from '../domain/names-run.ts';

const STATUSES: readonly unknown[] = [
  'running',
  'succeeded',
  'unchanged',
  'refused',
  'failed',
] satisfies NamesRunStatus[];

/** Writes the run's record (one item per run, keyed by its start; the run owns it). */
export async function saveNamesRun(table: Table, run: NamesRun): Promise<void> {
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: { ...keys.namesRun(run.startedAt), ...run } }),
  );
}

/** The newest names runs first (the admin console's "why did the names not change"). */
export async function listNamesRuns(table: Table, limit: number): Promise<NamesRun[]> {
  const res = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.namesRunPk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(toNamesRun);
}

/** A run from its item: keys stripped; an unknown status reads as failed. */
function toNamesRun(item: Record<string, unknown>): NamesRun {
  const data = withoutKeys(item);
  return {
    ...(data as Partial<NamesRun>),
    runId: String(data.runId ?? ''),
    startedAt: String(data.startedAt ?? item.SK ?? ''),
    trigger: String(data.trigger ?? ''),
    status: STATUSES.includes(data.status) ? (data.status as NamesRunStatus) : 'failed',
  };
}
