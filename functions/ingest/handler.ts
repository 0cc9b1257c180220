import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { createDocumentClient } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { createS3Client } from '#shared/s3.ts';

const env = readEnv({
  TABLE_NAME: z.string().min(1),
  ARCHIVE_BUCKET: z.string().min(1),
  DATA_BUCKET: z.string().min(1),
  FEED_URL: z.url(),
  /** Local runtime only: the file to read when FEED_URL cannot be reached. */
  FEED_FILE: z.string().min(1).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().default('plein-ingest'),
});

const deps = {
  db: createDocumentClient(),
  s3: createS3Client(),
  tableName: env.TABLE_NAME,
  archiveBucket: env.ARCHIVE_BUCKET,
  dataBucket: env.DATA_BUCKET,
  metricDimensions: { FunctionName: env.AWS_LAMBDA_FUNCTION_NAME },
};

/**
 * The schedule sends an EventBridge event (ignored); the admin trigger may force. No event can name another
 * feed: whoever may invoke this function must not be able to point it at any URL (the CLI calls runIngest).
 */
const ingestEvent = z.looseObject({
  force: z.boolean().optional(),
  trigger: z.string().max(40).optional(),
});

export async function handler(event: unknown, context?: Context) {
  const input = ingestEvent.parse(event ?? {});
  const sources = [env.FEED_URL, ...(env.FEED_FILE ? [env.FEED_FILE] : [])];
  return runIngest(deps, {
    sources,
    force: input.force ?? false,
    trigger: input.trigger ?? 'schedule',
    remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
  });
}
