import * as z from 'zod';
import { openTable } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';
import { NamesRunFailed } from '#shared/names/errors.ts';
import { runNamesRefresh } from '#shared/names/refresh.ts';
import { NAMES } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';

const env = readEnv({
  TABLE_NAME: z.string().min(1),
  ARCHIVE_BUCKET: z.string().min(1),
  DATA_BUCKET: z.string().min(1),
  NAMES_URL: z.url().default(NAMES.defaultUrl),
  /** Local runtime only: the file to read when NAMES_URL cannot be reached. */
  NAMES_FILE: z.string().min(1).optional(),
});

const deps = {
  table: openTable(env.TABLE_NAME),
  s3: createS3Client(),
  archiveBucket: env.ARCHIVE_BUCKET,
  dataBucket: env.DATA_BUCKET,
};

/** The schedule sends `{ trigger: 'schedule' }`. No event can name a source (as for the ingest). */
const namesEvent = z.looseObject({ trigger: z.string().max(40).optional() });

/**
 * Refreshes the names table (docs/NAMES.md). A refused or failed run is thrown once recorded, so Lambda
 * counts an error (the names errors alarm); an unchanged file is a normal answer.
 */
export async function handler(event: unknown) {
  const input = namesEvent.parse(event ?? {});
  const run = await runNamesRefresh(deps, {
    sources: [env.NAMES_URL, ...(env.NAMES_FILE ? [env.NAMES_FILE] : [])],
    trigger: input.trigger ?? 'invoke',
  });
  if (run.status === 'failed' || run.status === 'refused') throw new NamesRunFailed(run);
  return run;
}
