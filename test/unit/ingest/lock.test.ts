import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { openTable } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { acquireLock, releaseLock } from '#shared/db/locks.ts';
import { PublishConflictError, publishPointer } from '#shared/db/runs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const table = openTable('t', ddb as unknown as DynamoDBDocumentClient);
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const now = new Date('2025-07-28T13:00:00Z');
const nowSeconds = now.getTime() / 1000;

beforeEach(() => ddb.reset());

describe('acquireLock', () => {
  test('one conditional put: free, or held by an expired lease', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await acquireLock(table, 'ingest', 'run-1', 900, now)).toEqual({ acquired: true });
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toEqual({
      TableName: 't',
      Item: {
        ...keys.lock('ingest'),
        owner: 'run-1',
        acquiredAt: now.toISOString(),
        expiresAt: nowSeconds + 900,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowSeconds },
    });
  });

  test('a live lock is not taken; the holder is reported', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    const holder = { owner: 'run-0', acquiredAt: '2025-07-28T12:59:00.000Z', expiresAt: nowSeconds + 840 };
    ddb.on(GetCommand).resolves({ Item: { ...keys.lock('ingest'), ...holder } });
    expect(await acquireLock(table, 'ingest', 'run-1', 900, now)).toEqual({ acquired: false, holder });
  });

  test('other errors propagate (no silent double run)', async () => {
    ddb.on(PutCommand).rejects(new Error('network down'));
    await expect(acquireLock(table, 'ingest', 'run-1', 900, now)).rejects.toThrow('network down');
  });
});

describe('releaseLock', () => {
  test('deletes only if still the owner', async () => {
    ddb.on(DeleteCommand).resolves({});
    expect(await releaseLock(table, 'ingest', 'run-1')).toBe(true);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      Key: keys.lock('ingest'),
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeValues: { ':owner': 'run-1' },
    });
  });

  test('a lock taken over after expiry is left to its new owner', async () => {
    ddb.on(DeleteCommand).rejects(conditionFailed());
    expect(await releaseLock(table, 'ingest', 'run-1')).toBe(false);
  });
});

describe('publishPointer', () => {
  const data = {
    runId: '20250728T130000000Z-bbbbbb',
    snapshotKey: 'snapshot/x.json.gz',
    feedHash: 'h',
    feedTime: null,
    publishedAt: now.toISOString(),
    stations: 1,
    prices: 1,
  };

  test('the first pointer may only be created, not overwrite one', async () => {
    ddb.on(PutCommand).resolves({});
    await publishPointer(table, data, null);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(PK)',
    );
  });

  test('later pointers replace only the one diffed against, and only when older', async () => {
    ddb.on(PutCommand).resolves({});
    await publishPointer(table, data, '20250728T120000000Z-aaaaaa');
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { ...keys.published, ...data },
      ConditionExpression: 'runId = :prev AND runId < :me',
      ExpressionAttributeValues: { ':prev': '20250728T120000000Z-aaaaaa', ':me': data.runId },
    });
  });

  test('a failed condition is a PUBLISH_CONFLICT', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    const error = await publishPointer(table, data, 'x').catch((e) => e);
    expect(error).toBeInstanceOf(PublishConflictError);
    expect(error).toMatchObject({ code: 'PUBLISH_CONFLICT' });
  });
});
