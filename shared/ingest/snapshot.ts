import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FeedVersion, Snapshot } from '../domain/snapshot.ts';
import { getGzipJson, putGzipJson } from '../s3.ts';
import type { BuiltPart } from '../snapshot/parts.ts';
import type { StationIndex } from './diff.ts';

/** Keys of one run's published objects in the data bucket. Never reused: a new run writes new keys. */
export function snapshotKeys(runId: string): { snapshotKey: string; indexKey: string } {
  return { snapshotKey: `snapshot/${runId}.json.gz`, indexKey: `snapshot/${runId}.index.json.gz` };
}

/**
 * Writes the snapshot `{ version, stations }` as gzip JSON from the stations' canonical JSON strings (no
 * re-serialization of 10k objects). Returns the compressed size.
 */
export async function putSnapshot(
  s3: S3Client,
  bucket: string,
  key: string,
  version: FeedVersion,
  stationJson: Iterable<string>,
): Promise<number> {
  const parts = [`{"version":${JSON.stringify(version)},"stations":[`];
  let first = true;
  for (const json of stationJson) {
    parts.push(first ? json : `,${json}`);
    first = false;
  }
  parts.push(']}');
  return putGzipJson(s3, bucket, key, parts.join(''), {
    'feed-hash': version.feedHash,
    'run-id': version.runId,
  });
}

/** Writes the index `{ runId, stations: { id: { h, p } } }` as gzip JSON. Returns the compressed size. */
export async function putIndex(
  s3: S3Client,
  bucket: string,
  key: string,
  runId: string,
  index: StationIndex,
) {
  return putGzipJson(s3, bucket, key, JSON.stringify({ runId, stations: index }), { 'run-id': runId });
}

/** Writes one pre-built part (already compressed when it is JSON). Returns its size. */
export async function putPart(s3: S3Client, bucket: string, part: BuiltPart, runId: string): Promise<number> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: part.key,
      Body: part.body,
      ...(part.gzip
        ? { ContentType: 'application/json', ContentEncoding: 'gzip' }
        : { ContentType: part.key.endsWith('.json') ? 'application/json' : 'application/octet-stream' }),
      Metadata: { 'run-id': runId },
    }),
  );
  return part.body.byteLength;
}

export async function getSnapshot(s3: S3Client, bucket: string, key: string): Promise<Snapshot> {
  return (await getGzipJson(s3, bucket, key)) as Snapshot;
}

export async function getIndex(s3: S3Client, bucket: string, key: string): Promise<StationIndex> {
  const doc = (await getGzipJson(s3, bucket, key)) as { stations?: StationIndex };
  if (!doc || typeof doc.stations !== 'object' || doc.stations === null)
    throw new Error(`${key} is not an index`);
  return doc.stations;
}

/** Deletes objects by key (no listing: the keys come from the pointer); returns the keys that failed. */
export async function deleteKeys(s3: S3Client, bucket: string, keys: readonly string[]): Promise<string[]> {
  const results = await Promise.allSettled(
    keys.map((Key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }))),
  );
  return keys.filter((_, i) => results[i]?.status === 'rejected');
}
