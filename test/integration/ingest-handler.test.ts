import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { getRun, type IngestRun } from '#shared/db/runs.ts';
import { smallFeedXml, zipXml } from '../helpers/ingest/feeds.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

/**
 * The ingest Lambda handler (functions/ingest/handler.ts): a failed or refused run must end the invocation
 * with an error, once recorded, so Lambda's Errors metric (the ingest errors alarm) and the asynchronous
 * invocation's dead-letter queue see it; a skipped run (unchanged feed) is a normal answer.
 */

let stack: TestStack;
let dir: string;
let feedFile: string;
let handler: (event: unknown) => Promise<IngestRun>;

beforeAll(async () => {
  stack = await startTestStack();
  dir = await mkdtemp(join(tmpdir(), 'plein-handler-'));
  feedFile = join(dir, 'feed.zip');
  // The URL cannot be reached (a closed port): the handler falls back to the file, as locally.
  Object.assign(process.env, { FEED_URL: 'http://127.0.0.1:1/feed.zip', FEED_FILE: feedFile });
  ({ handler } = (await import('#functions/ingest/handler.ts')) as { handler: typeof handler });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const stations = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(75_000_001 + i) }));
const writeFeed = (n: number) => writeFile(feedFile, zipXml(smallFeedXml(stations(n))));

describe('the ingest handler', () => {
  test('a refused feed (no station) throws IngestRunFailed after recording the failed run', async () => {
    await writeFeed(0);
    const error = await handler({ trigger: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'IngestRunFailed',
      message: expect.stringContaining('EMPTY'),
      run: { status: 'failed', error: { code: 'EMPTY' } },
    });
    const run = (error as { run: IngestRun }).run;
    const recorded = await getRun(
      openTable(stack.resources.tableName, createDocumentClient()),
      run.startedAt,
    );
    expect(recorded).toMatchObject({ runId: run.runId, status: 'failed', error: { code: 'EMPTY' } });
  });

  test('a good feed returns the succeeded run; the same feed again is skipped, not an error', async () => {
    await writeFeed(3);
    await expect(handler({ trigger: 'test' })).resolves.toMatchObject({ status: 'succeeded', stations: 3 });
    await expect(handler({ trigger: 'test' })).resolves.toMatchObject({
      status: 'skipped',
      reason: 'unchanged',
    });
  });
});
