import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { describeError } from '#shared/admin/audited.ts';
import { markBackfillFailed, saveBackfillRun } from '#shared/db/backfill-runs.ts';
import { openTable } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';
import { downloadYear, runBackfill } from '#shared/history/backfill.ts';
import { parisYear } from '#shared/history/state-machine.ts';
import { BACKFILL } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';

const env = readEnv({ TABLE_NAME: z.string().min(1), DATA_BUCKET: z.string().min(1) });
const table = openTable(env.TABLE_NAME);
const store = { s3: createS3Client(), bucket: env.DATA_BUCKET };

/** `{ year }` runs the year; with `error`/`cause` (the state machine's Catch) it only records its failure. */
const backfillEvent = z.strictObject({
  year: z
    .number()
    .int()
    .min(BACKFILL.firstYear)
    .refine((y) => y <= parisYear(), 'Expected a year up to the current one'),
  error: z.string().max(200).optional(),
  cause: z.string().max(4000).optional(),
});

/**
 * One year of the official archives into the history (docs/HISTORY.md): download to a fresh temp dir, read,
 * commit; the year's run item says how it went. A failure is recorded with its reason, then thrown, so the
 * state machine sees it.
 */
export async function handler(event: unknown) {
  const { year, error, cause } = backfillEvent.parse(event);
  if (error !== undefined) return recordFailure(year, error, cause);
  const startedAt = new Date().toISOString();
  await saveBackfillRun(table, { year, status: 'running', startedAt });
  const dir = await mkdtemp(join(tmpdir(), `backfill-${year}-`));
  try {
    const summary = await runBackfill(await downloadYear(year, dir), { store, year });
    const { outcome, sourceBytes, stations, changes, objectsWritten, bytesWritten } = summary;
    await saveBackfillRun(table, {
      year,
      status: 'succeeded',
      startedAt,
      finishedAt: new Date().toISOString(),
      ...{ outcome, sourceBytes, stations, changes, objectsWritten, bytesWritten },
    });
    return summary;
  } catch (e) {
    const finishedAt = new Date().toISOString();
    await saveBackfillRun(table, { year, status: 'failed', startedAt, finishedAt, error: describeError(e) });
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lambda's error cause is `{"errorType","errorMessage",…}` JSON; Step Functions' own errors are plain text. */
async function recordFailure(year: number, errorType: string, cause = '') {
  let message = cause;
  try {
    message = String((JSON.parse(cause) as { errorMessage?: unknown }).errorMessage ?? cause);
  } catch {}
  // A FeedError's message leads with its code (`NOT_A_ZIP: …`), more telling than Lambda's type (FeedError).
  const code = /^([A-Z][A-Z_]{2,}): /.exec(message)?.[1] ?? errorType;
  const reason = { code: code.slice(0, 80), message: message.slice(0, 300) };
  await markBackfillFailed(table, year, reason, new Date());
  return { year, outcome: 'failed' as const, error: reason };
}
