import createError from 'http-errors';
import * as z from 'zod';
import { readEnv } from '#shared/env.ts';
import { BUCKETS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { awsSnapshotSource } from '#shared/snapshot/aws-source.ts';
import type { IndexedSnapshot } from '#shared/snapshot/indexed.ts';
import { createSnapshotStore } from '#shared/snapshot/store.ts';
import { logger } from './middleware.ts';
import { db, tableName } from './table.ts';

/**
 * The published snapshot for the public data routes, kept at module scope (one per Lambda instance): the
 * pointer is read at most once a minute, the snapshot downloaded and indexed only when it changed.
 */
const bucket = readEnv({ [BUCKETS.data.env]: z.string().min(1) })[BUCKETS.data.env];

export const store = createSnapshotStore(awsSnapshotSource({ db, tableName, s3: createS3Client(), bucket }), {
  onLoad: (info) => logger.info('snapshot loaded', info),
  onError: (error) => logger.warn('snapshot check failed; serving the loaded one', { error }),
});

/** The current snapshot; 503 `no_data` until the first ingest has published one. */
export async function loadSnapshot(): Promise<IndexedSnapshot> {
  const snapshot = await store.get();
  if (!snapshot) {
    throw createError(503, 'No fuel data has been published yet; try again after the first ingest', {
      code: 'no_data',
      expose: true,
    });
  }
  return snapshot;
}

/**
 * The instant a response is computed for: the current minute. Price ages and open-now depend on the time, so
 * a response is a function of (snapshot, minute, parameters): that is what the ETag hashes, and within one
 * minute the same request gives the same bytes (a strong ETag may say so).
 */
export function requestTime(): number {
  return Math.floor(Date.now() / 60_000) * 60_000;
}

/** For `etag` of responses that depend on the snapshot only (search, stats). */
export async function snapshotTag(): Promise<string> {
  return (await loadSnapshot()).version.runId;
}

/** For `etag` of responses that also depend on the time (price ages, open now, history window). */
export async function snapshotTimeTag(): Promise<string> {
  return `${(await loadSnapshot()).version.runId}@${requestTime()}`;
}
