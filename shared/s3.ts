import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

/** One S3 client per process. A custom endpoint (local s3rver) needs path-style bucket addressing. */
export function createS3Client(): S3Client {
  return new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3), maxAttempts: 5 });
}

/** Stores a JSON text gzip-compressed, labelled Content-Encoding gzip. Returns the stored size in bytes. */
export async function putGzipJson(
  s3: S3Client,
  bucket: string,
  key: string,
  json: string,
  metadata: Record<string, string>,
): Promise<number> {
  const body = await gzip(json, { level: 6 });
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/json',
      ContentEncoding: 'gzip',
      Metadata: metadata,
    }),
  );
  return body.byteLength;
}

/** Reads back what putGzipJson stored, parsed, whether or not the HTTP layer already inflated it. */
export async function getGzipJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!res.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  const bytes = await res.Body.transformToByteArray();
  // gzip magic: an HTTP layer that honoured Content-Encoding may already have inflated it.
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes) : Buffer.from(bytes);
  return JSON.parse(raw.toString('utf8'));
}
