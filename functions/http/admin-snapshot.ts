import { gunzipSync } from 'node:zlib';
import * as z from 'zod';
import { type FlagExamples, flagExamples } from '#shared/admin/health.ts';
import type { PublishedData } from '#shared/db/runs.ts';
import type { Snapshot } from '#shared/domain/snapshot.ts';
import { readEnv } from '#shared/env.ts';
import { BUCKETS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { awsSnapshotSource } from '#shared/snapshot/aws-source.ts';
import { logger } from './middleware.ts';
import { db, tableName } from './table.ts';

const env = readEnv({ [BUCKETS.data.env]: z.string().min(1) });
const source = awsSnapshotSource({
  db,
  tableName,
  s3: createS3Client(),
  bucket: String(env[BUCKETS.data.env]),
});

/** Kept per published run: the snapshot is read (≈1 MB gzip, ~10k stations) once per run and instance. */
let cached: { runId: string; byFlag: FlagExamples } | null = null;

/**
 * Example station ids per feed flag, from the published snapshot (the run record keeps counts only).
 * A snapshot that cannot be read gives no examples rather than failing the health page.
 */
export async function snapshotFlagExamples(
  published: PublishedData | null,
): Promise<{ runId: string; byFlag: FlagExamples } | null> {
  if (!published) return null;
  if (cached?.runId === published.runId) return cached;
  try {
    const bytes = await source.read(published.snapshotKey);
    const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
    const snapshot = JSON.parse(raw.toString('utf8')) as Snapshot;
    cached = { runId: published.runId, byFlag: flagExamples(snapshot.stations ?? []) };
    return cached;
  } catch (error) {
    logger.warn('snapshot unreadable: quirks without examples', { error, runId: published.runId });
    return null;
  }
}
