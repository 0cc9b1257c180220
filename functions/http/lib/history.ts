import * as z from 'zod';
import { readEnv } from '#shared/env.ts';
import { archiveReader } from '#shared/history/reader.ts';
import type { HistoryStore } from '#shared/history/store.ts';
import { BUCKETS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';

/** The backfilled history in the data bucket (docs/HISTORY.md), for the routes that read it. */
export const historyStore: HistoryStore = {
  s3: createS3Client(),
  bucket: String(readEnv({ [BUCKETS.data.env]: z.string().min(1) })[BUCKETS.data.env]),
};

/** Its reader: the years' pointers cached a minute per instance. */
export const archive = archiveReader(historyStore);
