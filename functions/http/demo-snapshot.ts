import { gunzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { getPublished } from '#shared/db/runs.ts';
import type { Snapshot } from '#shared/domain/snapshot.ts';
import { readEnv } from '#shared/env.ts';
import { BUCKETS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { db, tableName } from './table.ts';

/**
 * The published snapshot for the demo route, kept at module scope: the pointer is read at most once a
 * minute and the object (~250 kB gzip) downloaded only when it names another run. A small stand-in for the
 * public API's snapshot store (shared/snapshot), to be replaced by it once both have landed.
 */
const env = readEnv({ [BUCKETS.data.env]: z.string().min(1) });
const s3 = createS3Client();
const CHECK_MS = 60_000;

let current: Snapshot | null = null;
let nextCheck = 0;

export async function demoSnapshot(nowMs = Date.now()): Promise<Snapshot | null> {
  if (nowMs < nextCheck) return current;
  const pointer = await getPublished(db, tableName);
  if (pointer && pointer.runId !== current?.version.runId) {
    const res = await s3.send(
      new GetObjectCommand({ Bucket: env[BUCKETS.data.env], Key: pointer.snapshotKey }),
    );
    const bytes = await (res.Body?.transformToByteArray() ?? Promise.reject(new Error('Empty snapshot')));
    const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
    current = JSON.parse(raw.toString('utf8')) as Snapshot;
  }
  nextCheck = nowMs + (current ? CHECK_MS : 5_000);
  return current;
}
