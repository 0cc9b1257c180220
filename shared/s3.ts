import { S3Client } from '@aws-sdk/client-s3';

/** One S3 client per process. A custom endpoint (local s3rver) needs path-style bucket addressing. */
export function createS3Client(): S3Client {
  return new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3), maxAttempts: 5 });
}
