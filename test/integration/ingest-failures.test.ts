import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openTable } from '#shared/db/client.ts';
import { getIndex, snapshotKeys } from '#shared/ingest/snapshot.ts';
import { FEEDS } from '../helpers/ingest/feeds.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

/**
 * Infrastructure failures in the middle of a run (DynamoDB throttling, S3 down, the Lambda running out of
 * time): the run is recorded as failed with the reason, the published pointer and snapshot are untouched,
 * and the next run recovers — the pointer still holds the old hashes, so it rewrites whatever changed.
 */

let stack: TestStack;
let h: ReturnType<typeof ingestHarness>;

const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });

beforeAll(async () => {
  stack = await startTestStack();
  h = ingestHarness(stack);
  expect((await h.ingest([FEEDS.before])).status).toBe('succeeded');
}, 180_000);
afterAll(async () => {
  h?.inject(null);
  await stack?.stop();
});

/** Every station item carries the content hash of the published index (items = what is served). */
async function expectItemsMatchPublished() {
  const pointer = await h.published();
  const index = await getIndex(h.s3, stack.resources.buckets.data, String(pointer?.indexKey));
  const ids = Object.keys(index);
  const mismatched: string[] = [];
  for (const id of ids.filter((_, i) => i % 25 === 0)) {
    if ((await h.stationItem(id))?.contentHash !== index[id]?.h) mismatched.push(id);
  }
  expect(mismatched).toEqual([]);
}

describe('a failure mid-run leaves the published data alone, and the next run recovers', {
  timeout: 180_000,
}, () => {
  test('DynamoDB throttling beyond retries during the writes: WRITE_FAILED', async () => {
    const before = await h.published();
    let batches = 0;
    h.inject((name) => (name === 'BatchWriteItemCommand' && ++batches > 40 ? throttled() : undefined));
    const run = await h.ingest([FEEDS.after]);
    h.inject(null);

    expect(run.status).toBe('failed');
    expect(run.error).toEqual({
      code: 'WRITE_FAILED',
      message: expect.stringContaining('ProvisionedThroughputExceededException'),
    });
    expect(await h.published()).toEqual(before);
    // Some of the changed stations were written before the failure: never from a refused feed, and the
    // pointer still names the old index, so the next run sees them as changed and rewrites them anyway.
    expect(h.counters.batchItems.STATION).toBeGreaterThan(0);

    const retry = await h.ingest([FEEDS.after]);
    expect(retry).toMatchObject({ status: 'succeeded', changed: run.changed });
    await expectItemsMatchPublished();
  });

  test('S3 refusing the snapshot: PUBLISH_FAILED, new objects removed', async () => {
    const before = await h.published();
    h.inject((name, input) =>
      name === 'PutObjectCommand' && String(input.Key).startsWith('snapshot/')
        ? new Error('S3 is down')
        : undefined,
    );
    // Forced: going back to the older first file would otherwise be refused (FEED_OLDER) before publishing.
    const run = await h.ingest([FEEDS.before], { force: true });
    h.inject(null);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'PUBLISH_FAILED' } });
    expect(run.error?.message).toContain('the previous one is still served');
    expect(await h.published()).toEqual(before);
    const { snapshotKey, indexKey } = snapshotKeys(run.runId);
    expect(await h.objectSize(stack.resources.buckets.data, snapshotKey)).toBeNull();
    expect(await h.objectSize(stack.resources.buckets.data, indexKey)).toBeNull();
    expect(
      before?.snapshotKey && (await h.objectSize(stack.resources.buckets.data, before.snapshotKey)),
    ).toBeGreaterThan(0);

    expect((await h.ingest([FEEDS.before], { force: true })).status).toBe('succeeded');
    await expectItemsMatchPublished();
  });

  test('S3 refusing the raw archive: ARCHIVE_FAILED before anything is written', async () => {
    const before = await h.published();
    h.inject((name, input) =>
      name === 'PutObjectCommand' && String(input.Key).startsWith('raw/')
        ? new Error('S3 is down')
        : undefined,
    );
    const run = await h.ingest([FEEDS.after]);
    h.inject(null);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'ARCHIVE_FAILED' } });
    expect(h.counters.requests.BatchWriteItemCommand).toBeUndefined();
    expect(await h.published()).toEqual(before);
  });

  test('the Lambda running out of time: TIMEOUT before publishing', async () => {
    const before = await h.published();
    let calls = 0;
    // Plenty of time while reading, then under the 10 s margin partway through the writes.
    const run = await h.ingest([FEEDS.after], { remainingMs: () => (++calls > 60 ? 4_000 : 600_000) });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    expect(run.error?.message).toMatch(/^4000 ms of Lambda time left during write/);
    expect(await h.published()).toEqual(before);

    expect((await h.ingest([FEEDS.after])).status).toBe('succeeded');
    await expectItemsMatchPublished();
  });

  test('the lock of a crashed run is taken over once its lease expired', async () => {
    const { acquireLock } = await import('#shared/db/locks.ts');
    // A run that "crashed" an hour ago holding a 15-minute lease.
    const crashed = await acquireLock(
      openTable(stack.resources.tableName, h.db),
      'ingest',
      'crashed-run',
      900,
      new Date(Date.now() - 3_600_000),
    );
    expect(crashed.acquired).toBe(true);
    const run = await h.ingest([FEEDS.before], { force: true });
    expect(run.status).toBe('succeeded');

    // A live lease is respected.
    await acquireLock(openTable(stack.resources.tableName, h.db), 'ingest', 'live-run', 900);
    const blocked = await h.ingest([FEEDS.after]);
    expect(blocked).toMatchObject({ status: 'skipped', reason: 'locked', lockedBy: 'live-run' });
  });
});
