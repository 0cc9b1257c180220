import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

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

export function changesKey(runId: string): string {
  return `${CHANGES_PREFIX}${runId}.json.gz`;
}

export async function putRunChanges(s3: S3Client, bucket: string, changes: RunChanges): Promise<string> {
  const key = changesKey(changes.runId);
  const body = await gzip(JSON.stringify(changes));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      ContentEncoding: 'gzip',
      Metadata: { 'run-id': changes.runId },
    }),
  );
  return key;
}

export async function getRunChanges(s3: S3Client, bucket: string, key: string): Promise<RunChanges> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!res.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  const bytes = await res.Body.transformToByteArray();
  // gzip magic: an HTTP layer that honoured Content-Encoding may already have inflated it.
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes) : Buffer.from(bytes);
  const doc = JSON.parse(raw.toString('utf8')) as RunChanges;
  if (!doc?.runId || !doc.snapshotKey || !Array.isArray(doc.changes))
    throw new Error(`${key} is not a changes object`);
  return doc;
}
