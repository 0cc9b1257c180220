import type { S3Client } from '@aws-sdk/client-s3';
import { getGzipJson, putGzipJson } from '../s3.ts';

/**
 * The changed prices of one published ingest run, handed from the ingest to the alerts function as a small
 * gzip JSON object in the data bucket (`changes/<runId>.json.gz`): the invocation event only carries its key.
 */
export interface RunChanges {
  runId: string;
  /** The snapshot this run published (data bucket): the evaluation reads station details from it. */
  snapshotKey: string;
  publishedAt: string;
  feedTime: string | null;
  /** Each price whose value or date changed in this run, with the price of the previous run (null: new). */
  changes: PriceChangeRecord[];
}

export interface PriceChangeRecord {
  /** Station id. */
  s: string;
  /** Fuel code. */
  f: string;
  /** New price, €/L. */
  p: number;
  /** Price date (ISO with the Paris offset, as the feed reader gives it). */
  at: string;
  /** The previous run's price for this station and fuel; null when the station or the fuel is new. */
  prev: number | null;
}

/** What the ingest sends to the alerts function (InvocationType Event). */
export interface AlertsInvocation {
  runId: string;
  /** Key of the RunChanges object in the data bucket. */
  changesKey: string;
}

export const CHANGES_PREFIX = 'changes/';

function changesKey(runId: string): string {
  return `${CHANGES_PREFIX}${runId}.json.gz`;
}

export async function putRunChanges(s3: S3Client, bucket: string, changes: RunChanges): Promise<string> {
  const key = changesKey(changes.runId);
  await putGzipJson(s3, bucket, key, JSON.stringify(changes), { 'run-id': changes.runId });
  return key;
}

export async function getRunChanges(s3: S3Client, bucket: string, key: string): Promise<RunChanges> {
  const doc = (await getGzipJson(s3, bucket, key)) as RunChanges;
  if (!doc?.runId || !doc.snapshotKey || !Array.isArray(doc.changes))
    throw new Error(`${key} is not a changes object`);
  return doc;
}
