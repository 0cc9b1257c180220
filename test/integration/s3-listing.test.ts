import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { awsEnv, type Emulators, startEmulators } from '#infra/local/emulators.ts';
import { mapLimit } from '#shared/concurrency.ts';

// The local S3 pages listings like S3 (1,000 keys a page, continuation tokens): the backfill deletes a
// replaced generation of ~10,000 objects by listing it. Unpatched, s3rver answered InternalError on Node 17+.
let emulators: Emulators;
let dir: string;
let s3: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plein-s3-listing-'));
  emulators = await startEmulators({ dataDir: dir, persist: false });
  const env = awsEnv(emulators.endpoints);
  s3 = new S3Client({
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    region: 'eu-west-3',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'listing-test' }));
});

afterAll(async () => {
  await emulators?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a listing of 2,345 keys comes in pages of 1,000 with continuation tokens, every key once', async () => {
  const keys = Array.from({ length: 2345 }, (_, i) => `p/${String(i).padStart(5, '0')}`);
  await mapLimit(keys, 32, (Key) =>
    s3.send(new PutObjectCommand({ Bucket: 'listing-test', Key, Body: 'x' })),
  );
  const pages: number[] = [];
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const res = await s3.send(
      new ListObjectsV2Command({ Bucket: 'listing-test', Prefix: 'p/', ContinuationToken: token }),
    );
    pages.push(res.Contents?.length ?? 0);
    for (const o of res.Contents ?? []) seen.push(o.Key ?? '');
    token = res.NextContinuationToken;
  } while (token);
  expect(pages).toEqual([1000, 1000, 345]);
  expect(seen).toEqual(keys);
});
