import createError from 'http-errors';
import * as z from 'zod';
import { readEnv } from '#shared/env.ts';
import { BUCKETS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { awsSnapshotSource } from '#shared/snapshot/aws-source.ts';
import { createSnapshotStore } from '#shared/snapshot/store.ts';
import type { PublishedRun, StationsView, View } from '#shared/snapshot/views.ts';
import { logger } from './middleware.ts';
import { table } from './table.ts';

/**
 * The published snapshot for the public data routes, kept at module scope (one per Lambda instance): the
 * pointer is read at most once a minute, and the route's own pre-built part (shared/snapshot/views.ts) is
 * loaded only when it names another run.
 */
const bucket = readEnv({ [BUCKETS.data.env]: z.string().min(1) })[BUCKETS.data.env];
const source = awsSnapshotSource({ table, s3: createS3Client(), bucket });

/** One route's view of the snapshot: `get` (503 `no_data` before the first ingest) and its ETag helpers. */
export function snapshotView<T extends View>(load: (run: PublishedRun) => Promise<T>) {
  const store = createSnapshotStore(source, load, {
    onLoad: (info) => logger.info('snapshot loaded', info),
    onError: (error) => logger.warn('snapshot check failed; serving the loaded one', { error }),
  });
  const get = async (): Promise<T> => {
    const view = await store.get();
    if (!view) {
      throw createError(503, 'No fuel data has been published yet; try again after the first ingest', {
        code: 'no_data',
        expose: true,
      });
    }
    return view;
  };
  return {
    store,
    get,
    /** For `etag` of responses that depend on the snapshot only (search). */
    tag: async () => (await get()).version.runId,
    /** For `etag` of responses that also depend on the time (price ages, open now, history window). */
    timeTag: async () => `${(await get()).version.runId}@${requestTime()}`,
  };
}

/**
 * The instant a response is computed for: the current minute. Price ages and open-now depend on the time, so
 * a response is a function of (snapshot, minute, parameters): that is what the ETag hashes, and within one
 * minute the same request gives the same bytes (a strong ETag may say so).
 */
export function requestTime(): number {
  return Math.floor(Date.now() / 60_000) * 60_000;
}

/** A station of the published feed with its ranks; 404 naming `id` when the feed has none (the archive may). */
export async function publishedStation(snap: StationsView, id: string) {
  const found = await snap.find(id);
  if (!found)
    throw createError(404, `No station ${id} in the current feed`, { code: 'not_found', field: 'id' });
  return found;
}
