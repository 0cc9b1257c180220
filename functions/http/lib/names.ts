import createError from 'http-errors';
import * as z from 'zod';
import type { NamesTable } from '#shared/domain/names.ts';
import { readEnv } from '#shared/env.ts';
import { getNamesTable } from '#shared/names/store.ts';
import { BUCKETS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { logger } from './middleware.ts';

/**
 * The published names table (issue 16) for GET /api/names, kept at module scope: it changes weekly, so it is
 * read again at most every 5 minutes (one GET and ~30 ms of parsing), and a failed re-read keeps serving the
 * loaded table. 503 `no_data` until the names function has published one.
 */
const REFRESH_MS = 5 * 60_000;
const bucket = readEnv({ [BUCKETS.data.env]: z.string().min(1) })[BUCKETS.data.env];
const s3 = createS3Client();
let cached: { table: NamesTable | null; until: number } | null = null;
let inflight: Promise<NamesTable | null> | null = null;

async function load(): Promise<NamesTable | null> {
  if (cached && Date.now() < cached.until) return cached.table;
  inflight ??= getNamesTable(s3, bucket)
    .then(
      (table) => {
        cached = { table, until: Date.now() + REFRESH_MS };
        return table;
      },
      (error) => {
        if (!cached) throw error;
        logger.warn('names table check failed; serving the loaded one', { error });
        return cached.table;
      },
    )
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

export async function namesTable(): Promise<NamesTable> {
  const table = await load();
  if (!table) {
    throw createError(503, 'No names table has been published yet; try again after the names refresh', {
      code: 'no_data',
      expose: true,
    });
  }
  return table;
}
