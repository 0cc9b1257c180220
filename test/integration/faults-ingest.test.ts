import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Route, startFeedServer } from '../helpers/ingest/feed-server.ts';
import { FEEDS } from '../helpers/ingest/feeds.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

/**
 * Faults not covered by ingest-failures.test.ts (throttling, S3 down, timeout, expired lock) nor
 * ingest-bad-input.test.ts (stalled body, bad content): the feed server dropping the connection mid-body, and
 * DynamoDB refusing connections mid-write. Each: the run fails with a reason, the published pointer is
 * untouched (lost: nothing), and the next run publishes.
 */

let stack: TestStack;
let h: ReturnType<typeof ingestHarness>;
let feed: Awaited<ReturnType<typeof startFeedServer>>;
const after = new Uint8Array(readFileSync(FEEDS.after));

/** Headers, half of the body, then the socket is destroyed (a reset, not a stall). */
const dropAfter =
  (body: Uint8Array, n: number): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(body.length) });
    res.write(body.subarray(0, n), () => res.socket?.destroy());
  };

beforeAll(async () => {
  stack = await startTestStack();
  h = ingestHarness(stack);
  feed = await startFeedServer({ '/drop': dropAfter(after, after.length >> 1) });
  expect((await h.ingest([FEEDS.before])).status).toBe('succeeded');
}, 180_000);
afterAll(async () => {
  h?.inject(null);
  await feed?.stop();
  await stack?.stop();
});

describe('ingest faults: the published data stays, the run says why, the next run recovers', {
  timeout: 180_000,
}, () => {
  test('the feed server drops the connection mid-body: failed, nothing published, nothing lost', async () => {
    const before = await h.published();
    const run = await h.ingest([feed.url('/drop')]);
    expect(run.status).toBe('failed');
    expect(run.error, JSON.stringify(run.error)).toEqual({
      code: 'SOURCE_UNAVAILABLE',
      message: expect.stringMatching(/^no source could be read: http:\/\/127\.0\.0\.1:\d+\/drop \(body: \w+/),
    });
    expect(h.counters.batchItems.STATION ?? 0, 'no station item written from a cut feed').toBe(0);
    expect(await h.published(), 'published pointer unchanged').toEqual(before);
    const retry = await h.ingest([FEEDS.after]);
    expect(retry.status).toBe('succeeded');
  });

  test('DynamoDB refusing connections mid-write (ECONNREFUSED after 20 batches): failed, pointer unchanged, next run recovers', async () => {
    // Back to the first file so that the next run has changes to write (forced: it is older, FEED_OLDER).
    const back = await h.ingest([FEEDS.before], { force: true });
    expect(back.status).toBe('succeeded');
    const before = await h.published();
    let batches = 0;
    h.inject((name) =>
      name === 'BatchWriteItemCommand' && ++batches > 20
        ? Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
        : undefined,
    );
    const run = await h.ingest([FEEDS.after]);
    h.inject(null);
    expect(run.status).toBe('failed');
    expect(JSON.stringify(run.error)).toContain('ECONNREFUSED');
    expect(await h.published(), 'published pointer unchanged').toEqual(before);
    const retry = await h.ingest([FEEDS.after]);
    expect(retry.status).toBe('succeeded');
    expect(retry.changed).toBe(run.changed);
  });
});
