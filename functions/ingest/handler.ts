import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { openTable } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';
import { alertsTarget, IngestRunFailed, runIngest } from '#shared/ingest/index.ts';
import { feedSources } from '#shared/ingest/source.ts';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';

const env = readEnv({
  TABLE_NAME: z.string().min(1),
  ARCHIVE_BUCKET: z.string().min(1),
  DATA_BUCKET: z.string().min(1),
  /** The official feed with stock-outs unless set (shared/platform.ts DEFAULT_FEED_URL). */
  FEED_URL: z.url().optional(),
  /** Read when FEED_URL cannot be: the plain official feed unless set; '' for none (feedSources). */
  FEED_FALLBACK_URL: z.union([z.literal(''), z.url()]).optional(),
  /** Local runtime only: the file to read when no URL can be reached. */
  FEED_FILE: z.string().min(1).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().default('plein-ingest'),
});
/** Set only when the stack has price alerts (an SES sender): the function each published run is handed to. */
const alertsEnv = readEnv({ [INVOKABLE_FUNCTIONS.alerts.env]: z.string().min(1).optional() });

const deps = {
  table: openTable(env.TABLE_NAME),
  s3: createS3Client(),
  archiveBucket: env.ARCHIVE_BUCKET,
  dataBucket: env.DATA_BUCKET,
  metricDimensions: { FunctionName: env.AWS_LAMBDA_FUNCTION_NAME },
  alerts: alertsTarget(alertsEnv[INVOKABLE_FUNCTIONS.alerts.env]),
};

/**
 * The schedule sends `{ trigger: 'schedule' }`; the admin trigger may force. No event can name another
 * feed: whoever may invoke this function must not be able to point it at any URL (the CLI calls runIngest).
 */
const ingestEvent = z.looseObject({
  force: z.boolean().optional(),
  trigger: z.string().max(40).optional(),
});

/**
 * Runs the ingest and returns the run. A failed or refused run (bad feed, every source down, a write or
 * publish failure) is thrown once recorded: Lambda counts an error (the errors alarm) and an asynchronous
 * invocation (schedule, admin trigger, deploy trigger) goes to the dead-letter queue. A skipped run
 * (unchanged feed, lock held) is a normal answer. See docs/DEPLOY.md, "Monitoring".
 */
export async function handler(event: unknown, context?: Context) {
  const input = ingestEvent.parse(event ?? {});
  const sources = feedSources({ url: env.FEED_URL, fallbackUrl: env.FEED_FALLBACK_URL, file: env.FEED_FILE });
  const run = await runIngest(deps, {
    sources,
    force: input.force ?? false,
    // The schedule and the admin trigger name themselves; an empty event is a direct invoke (the deploy-time
    // CDK trigger, or `aws lambda invoke`).
    trigger: input.trigger ?? 'invoke',
    remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
  });
  if (run.status === 'failed') throw new IngestRunFailed(run);
  return run;
}
