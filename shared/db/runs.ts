import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';

/** What the last successful ingest published; the API serves only this. */
export interface PublishedData {
  runId: string;
  /** S3 key of the gzip JSON snapshot in the data bucket. */
  snapshotKey: string;
  /** SHA-256 of the raw feed bytes. */
  feedHash: string;
  /** Newest price date in the feed (ISO), i.e. how fresh the data is. */
  feedTime: string | null;
  publishedAt: string;
  stations: number;
  prices: number;
  /** S3 key (data bucket) of the compact id → content-hash index the next run diffs against. */
  indexKey?: string;
  /** Where the feed came from, and the validators it was served with (for a conditional GET next time). */
  feedSource?: string;
  feedEtag?: string;
  feedLastModified?: string;
  /**
   * The layout of the run's pre-built parts under `snapshot/<runId>/` (shared/snapshot/parts.ts), which the
   * API loads instead of the whole snapshot; absent for runs published before parts existed.
   */
  parts?: { shardSize: number; shards: number; located: number };
  /** Earlier snapshots still kept (newest first), so the next publish knows what to delete without listing. */
  olderSnapshots?: {
    runId: string;
    snapshotKey: string;
    indexKey?: string;
    parts?: { shardSize: number; shards: number; located: number };
  }[];
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

/** One ingest run, as recorded in the table (PK RUN, SK startedAt). */
export interface IngestRun {
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** URL or file the feed came from. */
  source?: string;
  trigger?: string;
  bytes?: number;
  xmlBytes?: number;
  stations?: number;
  prices?: number;
  changed?: number;
  written?: number;
  skipped?: number;
  rejected?: number;
  flags?: Record<string, number>;
  error?: { code: string; message: string };
  [extra: string]: unknown;
}

export async function getPublished(table: Table): Promise<PublishedData | null> {
  const res = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.published }));
  if (!res.Item) return null;
  const { PK: _pk, SK: _sk, ...data } = res.Item;
  return data as PublishedData;
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
  return (res.Items ?? []).map(({ PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...run }) => run as IngestRun);
}

/** One run's record by its start time (its sort key), as stored minus the table keys; null if unknown. */
export async function getRun(table: Table, startedAt: string): Promise<IngestRun | null> {
  const res = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.run(startedAt) }));
  if (!res.Item) return null;
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...run } = res.Item;
  return run as IngestRun;
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
  return { ...keys.run(run.startedAt), GSI1PK: `RUN#${run.status}`, GSI1SK: run.startedAt, ...run };
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
