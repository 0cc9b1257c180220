import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IngestRun, PublishedData, RunStatus } from '../domain/run.ts';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys, withoutKeys } from './keys.ts';

// Defined in the domain, where the API and the site read them too; re-exported for this file's callers.
export type { IngestRun, PublishedData } from '../domain/run.ts';

const RUN_STATUSES: readonly unknown[] = ['running', 'succeeded', 'failed', 'skipped'] satisfies RunStatus[];

/** The published pointer from its item: keys stripped, the fields every reader relies on checked. */
function toPublished(item: Record<string, unknown>): PublishedData {
  const data = withoutKeys(item);
  if (typeof data.runId !== 'string' || typeof data.snapshotKey !== 'string')
    throw new Error('The published pointer has no runId or snapshotKey');
  return data as unknown as PublishedData;
}

/**
 * A run from its item: keys stripped; the identity and status every reader relies on are checked (a record
 * with an unknown status reads as failed). The other fields are the ones `saveRun` wrote.
 */
function toIngestRun(item: Record<string, unknown>): IngestRun {
  const run = withoutKeys(item);
  return {
    ...run,
    runId: String(run.runId ?? ''),
    startedAt: String(run.startedAt ?? item.SK ?? ''),
    status: RUN_STATUSES.includes(run.status) ? (run.status as RunStatus) : 'failed',
  };
}

export async function getPublished(table: Table): Promise<PublishedData | null> {
  const res = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.published }));
  return res.Item ? toPublished(res.Item) : null;
}

/** The newest runs first. */
export async function listRuns(table: Table, limit: number): Promise<IngestRun[]> {
  const res = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.runPk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(toIngestRun);
}

/** One run's record by its start time (its sort key), as stored minus the table keys; null if unknown. */
export async function getRun(table: Table, startedAt: string): Promise<IngestRun | null> {
  const res = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.run(startedAt) }));
  return res.Item ? toIngestRun(res.Item) : null;
}

/** Thrown by `publishPointer` when the pointer moved since the run read it, or is newer than the run. */
export class PublishConflictError extends Error {
  readonly code = 'PUBLISH_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'PublishConflictError';
  }
}

function runItem(run: IngestRun) {
  return { ...keys.run(run.startedAt), ...keys.runIndex(run.status, run.startedAt), ...run };
}

/**
 * Records a new run. Two runs starting in the same millisecond would share a key: the conditional put
 * detects it and the later one moves its startedAt forward by a millisecond. Returns the run as stored.
 */
export async function createRun(table: Table, run: IngestRun): Promise<IngestRun> {
  let current = run;
  for (let attempt = 0; ; attempt++) {
    try {
      await table.client.send(
        new PutCommand({
          TableName: table.name,
          Item: runItem(current),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return current;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || attempt >= 20) throw error;
      current = { ...current, startedAt: new Date(Date.parse(current.startedAt) + 1).toISOString() };
    }
  }
}

/** Overwrites the run's record with its current state (each run owns its item). */
export async function saveRun(table: Table, run: IngestRun): Promise<void> {
  await table.client.send(new PutCommand({ TableName: table.name, Item: runItem(run) }));
}

/**
 * Flips the published pointer to `data`, on two conditions checked by DynamoDB in one conditional put:
 * the pointer is still the one this run diffed against (`previousRunId`, or none), and it is older than
 * this run (run ids sort by start time). So an older run can never overwrite a newer pointer.
 */
export async function publishPointer(
  table: Table,
  data: PublishedData,
  previousRunId: string | null,
): Promise<void> {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...keys.published, ...data },
        ...(previousRunId
          ? {
              ConditionExpression: 'runId = :prev AND runId < :me',
              ExpressionAttributeValues: { ':prev': previousRunId, ':me': data.runId },
            }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    throw new PublishConflictError(
      `the published pointer changed since this run started (expected ${previousRunId ?? 'none'}); not overwritten`,
    );
  }
}

/**
 * Records the HTTP validators (ETag, Last-Modified) a source now serves the published content with, so the
 * next run's conditional GET can be answered 304. Only while the pointer is still `runId`; a no-op otherwise.
 */
export async function refreshPointerValidators(
  table: Table,
  runId: string,
  feed: Pick<PublishedData, 'feedSource' | 'feedEtag' | 'feedLastModified'>,
): Promise<boolean> {
  const set = Object.entries(feed).filter(([, v]) => v !== undefined);
  const remove = Object.entries(feed).filter(([, v]) => v === undefined);
  const parts = [
    set.length ? `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}` : '',
    remove.length ? `REMOVE ${remove.map(([k]) => `#${k}`).join(', ')}` : '',
  ].filter(Boolean);
  return writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.published,
      UpdateExpression: parts.join(' '),
      ConditionExpression: 'runId = :runId',
      ExpressionAttributeNames: Object.fromEntries(Object.keys(feed).map((k) => [`#${k}`, k])),
      ExpressionAttributeValues: {
        ':runId': runId,
        ...Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
      },
    }),
  );
}
