import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from './client.ts';
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

export async function getPublished(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<PublishedData | null> {
  const res = await db.send(new GetCommand({ TableName: tableName, Key: keys.published }));
  if (!res.Item) return null;
  const { PK: _pk, SK: _sk, ...data } = res.Item;
  return data as PublishedData;
}

/** The newest runs first. */
export async function listRuns(
  db: DynamoDBDocumentClient,
  tableName: string,
  limit: number,
): Promise<IngestRun[]> {
  const res = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.runPk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(({ PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...run }) => run as IngestRun);
}
