import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { BatchWriteError, batchWriteAll, type WriteRequest } from '#shared/db/batch.ts';
import { openTable } from '#shared/db/client.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const TABLE = 't';
const table = openTable(TABLE, ddb as unknown as DynamoDBDocumentClient);
const put = (pk: string, sk = 'META', extra: Record<string, unknown> = {}): WriteRequest => ({
  PutRequest: { Item: { PK: pk, SK: sk, ...extra } },
});
const puts = (n: number) => Array.from({ length: n }, (_, i) => put(`STATION#${i}`));
const sentItems = () =>
  ddb
    .commandCalls(BatchWriteCommand)
    .map((c) => (c.args[0].input.RequestItems?.[TABLE] ?? []) as WriteRequest[]);
const noSleep = { sleep: async () => {}, random: () => 0.5 };

beforeEach(() => ddb.reset());

describe('batchWriteAll', () => {
  test('writes in batches of at most 25, every item once', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    const stats = await batchWriteAll(table, puts(60), noSleep);
    expect(sentItems().map((b) => b.length)).toEqual([25, 25, 10]);
    expect(
      new Set(
        sentItems()
          .flat()
          .map((r) => ('PutRequest' in r ? r.PutRequest.Item.PK : '')),
      ).size,
    ).toBe(60);
    expect(stats).toEqual({ items: 60, requests: 3, retries: 0, duplicates: 0 });
  });

  test('never sends two requests for the same key (the first one wins), even across batches', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    const requests = [
      put('A', 'META', { v: 1 }),
      put('B'),
      put('A', 'META', { v: 2 }),
      ...puts(30),
      put('B'),
    ];
    const stats = await batchWriteAll(table, requests);
    const sent = sentItems().flat();
    expect(sent.slice(0, 2)).toEqual([put('A', 'META', { v: 1 }), put('B')]);
    expect(sent).toHaveLength(32);
    expect(stats).toMatchObject({ items: 32, duplicates: 2 });
  });

  test('consumes the requests lazily, a batch at a time', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    let produced = 0;
    let mostAhead = 0;
    function* lazy() {
      for (let i = 0; i < 500; i++) {
        produced++;
        mostAhead = Math.max(mostAhead, produced - ddb.commandCalls(BatchWriteCommand).length * 25);
        yield put(`STATION#${i}`);
      }
    }
    await batchWriteAll(table, lazy(), { concurrency: 2 });
    expect(produced).toBe(500);
    expect(mostAhead).toBeLessThanOrEqual(25 * 2);
  });

  test('retries UnprocessedItems with growing, jittered delays until all are written', async () => {
    const items = puts(25);
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: items.slice(0, 10) } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: items.slice(0, 3) } })
      .resolves({});
    const delays: number[] = [];
    const stats = await batchWriteAll(table, items, {
      baseDelayMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
    });
    expect(sentItems().map((b) => b.length)).toEqual([25, 10, 3]);
    expect(delays).toEqual([50, 100]); // random × base × 2^attempt
    expect(stats).toEqual({ items: 25, requests: 3, retries: 2, duplicates: 0 });
  });

  test('gives up after maxAttempts with WRITE_FAILED and the count left', async () => {
    const items = puts(5);
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: items.slice(0, 2) } });
    const error = await batchWriteAll(table, items, { ...noSleep, maxAttempts: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchWriteError);
    expect(error).toMatchObject({ code: 'WRITE_FAILED', unprocessed: 2 });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });

  test('an SDK error (e.g. throttling beyond the SDK retries) fails the write and stops the other batches', async () => {
    ddb
      .on(BatchWriteCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }),
      )
      .resolves({});
    const error = await batchWriteAll(table, puts(25 * 20), { ...noSleep, concurrency: 2 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'WRITE_FAILED' });
    expect((error as Error).message).toContain('ProvisionedThroughputExceededException: Rate exceeded');
    expect(ddb.commandCalls(BatchWriteCommand).length).toBeLessThan(20);
  });

  test('keeps at most `concurrency` batches in flight', async () => {
    let inFlight = 0;
    let most = 0;
    ddb.on(BatchWriteCommand).callsFake(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return {};
    });
    await batchWriteAll(table, puts(25 * 12), { concurrency: 3 });
    expect(most).toBe(3);
  });

  test('a checkpoint that throws stops the writes with its own error', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    let calls = 0;
    const budget = new Error('out of time');
    const error = await batchWriteAll(table, puts(100), {
      concurrency: 1,
      checkpoint: () => {
        if (++calls > 2) throw budget;
      },
    }).catch((e) => e);
    expect(error).toBe(budget);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });
});
