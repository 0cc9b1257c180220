import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildHealth } from '#shared/admin/health.ts';
import { openTable } from '#shared/db/client.ts';
import { type IngestRun, listRuns } from '#shared/db/runs.ts';
import { FEEDS } from '../helpers/ingest/feeds.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

/**
 * A feed must not go back in time (issue 17, item 12): once the 2025-07-28 feed is published, the
 * 2023-11-22 one is refused (FEED_OLDER), whether it is asked for directly or is the local runtime's
 * fallback file when the feed URL is down; the refusal is on the run record and in the admin health rows;
 * with force it is published.
 */

let stack: TestStack;
let h: ReturnType<typeof ingestHarness>;
let handler: (event: unknown) => Promise<IngestRun>;
const NEWEST_2025 = '2025-07-28T15:00:04+02:00';

beforeAll(async () => {
  stack = await startTestStack();
  h = ingestHarness(stack);
  // The local runtime's way: the URL cannot be reached (a closed port), the handler falls back to the file.
  Object.assign(process.env, { FEED_URL: 'http://127.0.0.1:1/feed.zip', FEED_FILE: FEEDS.before });
  ({ handler } = (await import('#functions/ingest/handler.ts')) as { handler: typeof handler });
  expect(await h.ingest([FEEDS.national2025])).toMatchObject({ status: 'succeeded', feedTime: NEWEST_2025 });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe('a feed older than the published one', { timeout: 180_000 }, () => {
  test('is refused as FEED_OLDER: nothing written, the published data unchanged, the run says why', async () => {
    const published = await h.published();
    const run = await h.ingest([FEEDS.before]);
    expect(run).toMatchObject({
      status: 'failed',
      error: {
        code: 'FEED_OLDER',
        message: expect.stringMatching(
          /^newest price 2023-11-2\d\S+ is older than the published data's 2025-07-28T15:00:04\+02:00 \(run /,
        ),
      },
    });
    expect(run.feedTime).toMatch(/^2023-11-2/);
    expect(h.counters.requests.BatchWriteItemCommand, 'no item written').toBeUndefined();
    expect(await h.published(), 'published pointer unchanged').toEqual(published);

    // Recorded, and shown as such in the admin console's runs (GET /api/admin/health builds these rows).
    const runs = await listRuns(openTable(stack.resources.tableName, h.db), 5);
    expect(runs[0]).toMatchObject({ runId: run.runId, status: 'failed', error: { code: 'FEED_OLDER' } });
    const health = buildHealth(runs, published, null, new Date());
    expect(health.runs[0]).toMatchObject({ status: 'failed', error: { code: 'FEED_OLDER' } });
    expect(health.data).toMatchObject({ runId: published?.runId, feedTime: NEWEST_2025 });
  });

  test('the local fallback file never overwrites newer data: refused the same way', async () => {
    const published = await h.published();
    const error = await handler({ trigger: 'test' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'IngestRunFailed',
      run: { status: 'failed', source: FEEDS.before, error: { code: 'FEED_OLDER' } },
    });
    const run = (error as { run: IngestRun }).run;
    expect(run.attempts?.map((a) => a.source)).toEqual(['http://127.0.0.1:1/feed.zip', FEEDS.before]);
    expect(await h.published(), 'published pointer unchanged').toEqual(published);
  });

  test('with force it is published, with a warning on the run', async () => {
    const run = await handler({ trigger: 'test', force: true });
    expect(run).toMatchObject({ status: 'succeeded', source: FEEDS.before });
    expect(run.warnings).toContainEqual(
      expect.stringMatching(/^forced past FEED_OLDER: newest price 2023-11-2/),
    );
    const pointer = await h.published();
    expect(pointer).toMatchObject({ runId: run.runId, feedTime: run.feedTime });
    expect(pointer?.feedTime).toMatch(/^2023-11-2/);
  });
});
