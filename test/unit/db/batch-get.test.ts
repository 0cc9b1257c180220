import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { BatchGetUnprocessedError, batchGetItems, byKey, itemId, type Key } from '#shared/db/batch-get.ts';
import { openTable } from '#shared/db/client.ts';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const ddb = mockClient(client);
const table = openTable('plein-test', client);
const fast = { baseDelayMs: 1 };

type Input = { RequestItems: Record<string, { Keys: Key[]; ProjectionExpression?: string }> };
const keysOf = (input: unknown) => (input as Input).RequestItems['plein-test']?.Keys ?? [];
const station = (i: number): Key => ({ PK: `STATION#${i}`, SK: 'META' });
/** Answers every key with an item that echoes it. */
const echo = async (input: unknown) => ({
  Responses: { 'plein-test': keysOf(input).map((k) => ({ ...k, n: Number(k.PK.slice(8)) })) },
});

afterEach(() => {
  ddb.reset();
});

describe('batchGetItems', () => {
  test('reads 250 keys in chunks of at most 100, each distinct key once', async () => {
    ddb.on(BatchGetCommand).callsFake(echo);
    const wanted = Array.from({ length: 250 }, (_, i) => station(i));
    const items = await batchGetItems(table, [...wanted, station(3), station(249)], fast);
    const sent = ddb.commandCalls(BatchGetCommand).map((c) => keysOf(c.args[0].input));
    expect(sent.map((k) => k.length)).toEqual([100, 100, 50]);
    expect(new Set(sent.flat().map(itemId)).size).toBe(250);
    expect(items.map((i) => i.n).sort((a, b) => Number(a) - Number(b))).toEqual(wanted.map((_, i) => i));
  });

  test('sends nothing for no keys', async () => {
    expect(await batchGetItems(table, [], fast)).toEqual([]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  test('retries only the unprocessed keys until every item is read', async () => {
    ddb
      .on(BatchGetCommand)
      .callsFakeOnce(async (input: unknown) => {
        const [first, ...rest] = keysOf(input);
        return {
          Responses: { 'plein-test': [{ ...first, n: 0 }] },
          UnprocessedKeys: { 'plein-test': { Keys: rest } },
        };
      })
      .callsFake(echo);
    const items = await batchGetItems(table, [station(0), station(1), station(2)], fast);
    const sent = ddb.commandCalls(BatchGetCommand).map((c) => keysOf(c.args[0].input).map(itemId));
    expect(sent).toEqual([
      [station(0), station(1), station(2)].map(itemId),
      [station(1), station(2)].map(itemId),
    ]);
    expect(byKey(items).get(itemId(station(2)))).toMatchObject({ n: 2 });
    expect(items).toHaveLength(3);
  });

  test('gives up with an error after maxAttempts requests of a chunk', async () => {
    ddb.on(BatchGetCommand).callsFake(async (input: unknown) => ({
      Responses: { 'plein-test': [] },
      UnprocessedKeys: { 'plein-test': { Keys: keysOf(input) } },
    }));
    const read = batchGetItems(table, [station(1), station(2)], { ...fast, maxAttempts: 3 });
    await expect(read).rejects.toThrow(BatchGetUnprocessedError);
    await expect(read).rejects.toThrow('BatchGet left 2 item(s) unread');
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(3);
  });

  test('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    ddb.on(BatchGetCommand).callsFake(async (input: unknown) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return echo(input);
    });
    await batchGetItems(
      table,
      Array.from({ length: 1000 }, (_, i) => station(i)),
      { ...fast, concurrency: 3 },
    );
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(10);
    expect(most).toBe(3);
  });

  test('a projection always reads the keys too, without consistent reads', async () => {
    ddb.on(BatchGetCommand).callsFake(echo);
    await batchGetItems(table, [station(1)], { projection: ['price', 'PK'] });
    const [call] = ddb.commandCalls(BatchGetCommand);
    expect((call?.args[0].input as Input | undefined)?.RequestItems['plein-test']).toEqual({
      Keys: [station(1)],
      ProjectionExpression: '#PK, #SK, #price',
      ExpressionAttributeNames: { '#PK': 'PK', '#SK': 'SK', '#price': 'price' },
    });
  });
});
