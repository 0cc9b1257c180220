import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import createError from 'http-errors';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { audited, describeError } from '#shared/admin/audited.ts';
import { AUDIT_RETENTION_DAYS, listAudit } from '#shared/db/audit.ts';
import { openTable } from '#shared/db/client.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const table = openTable('t', ddb as unknown as DynamoDBDocumentClient);
const t0 = new Date('2025-07-28T13:00:00.000Z');
const t1 = new Date('2025-07-28T13:00:01.000Z');
const clock = () => {
  const times = [t0, t1];
  return () => times.shift() ?? t1;
};
beforeEach(() => ddb.reset());

describe('audited', () => {
  test("'started' is written first (conditional put, TTL), then the outcome with the target", async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const action = vi.fn(async (notes: { target: string | null; detail: Record<string, unknown> }) => {
      expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
      notes.target = 'sub-of-bob';
      return 42;
    });
    const { value, entry } = await audited(
      { table, now: clock() },
      { actor: { sub: 'sub-of-admin' }, action: 'user.disable' },
      action,
    );
    expect(value).toBe(42);
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(put?.Item).toMatchObject({
      PK: 'AUDIT',
      SK: `${t0.toISOString()}#${entry.id}`,
      actor: { sub: 'sub-of-admin' },
      action: 'user.disable',
      result: 'started',
      target: null,
      expiresAt: t0.getTime() / 1000 + AUDIT_RETENTION_DAYS * 86_400,
    });
    expect(entry.id).toMatch(/^[0-9a-f]{12}$/);
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.Key).toEqual({ PK: 'AUDIT', SK: `${t0.toISOString()}#${entry.id}` });
    expect(update?.ExpressionAttributeValues).toEqual({
      ':result': 'ok',
      ':error': null,
      ':target': 'sub-of-bob',
      ':detail': {},
      ':finishedAt': t1.toISOString(),
    });
  });

  test('no audit entry, no action', async () => {
    ddb.on(PutCommand).rejects(new Error('table unavailable'));
    const action = vi.fn(async () => 1);
    await expect(
      audited({ table }, { actor: { sub: 's' }, action: 'ingest.trigger' }, action),
    ).rejects.toThrow('table unavailable');
    expect(action).not.toHaveBeenCalled();
  });

  test('a failed action is recorded as failed with its code, and the error goes on', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const error = createError(404, 'No such user', { code: 'not_found' });
    await expect(
      audited({ table }, { actor: { sub: 's' }, action: 'user.enable' }, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':result': 'failed',
      ':error': { code: 'not_found', message: 'No such user' },
    });
  });

  test('describeError: the code (or SDK error name) and a short message', () => {
    expect(
      describeError(Object.assign(new Error('x'.repeat(400)), { name: 'TooManyRequestsException' })),
    ).toEqual({
      code: 'TooManyRequestsException',
      message: 'x'.repeat(300),
    });
    expect(describeError('boom')).toEqual({ code: 'error', message: 'boom' });
  });
});

describe('listAudit', () => {
  test('newest first from the cursor; the next cursor is the last sort key', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          PK: 'AUDIT',
          SK: '2025-07-28T13:00:00.000Z#aaaaaaaaaaaa',
          id: 'aaaaaaaaaaaa',
          at: '2025-07-28T13:00:00.000Z',
          actor: { sub: 's' },
          action: 'ingest.trigger',
          target: 'ingest',
          result: 'ok',
          finishedAt: '2025-07-28T13:00:01.000Z',
          error: null,
          detail: { force: true },
          expiresAt: 1,
        },
      ],
      LastEvaluatedKey: { PK: 'AUDIT', SK: '2025-07-28T13:00:00.000Z#aaaaaaaaaaaa' },
    });
    const page = await listAudit(table, 1, '2025-07-28T14:00:00.000Z#bbbbbbbbbbbb');
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ScanIndexForward: false,
      Limit: 1,
      ExclusiveStartKey: { PK: 'AUDIT', SK: '2025-07-28T14:00:00.000Z#bbbbbbbbbbbb' },
    });
    expect(page.entries[0]).not.toHaveProperty('expiresAt');
    expect(page.entries[0]).toMatchObject({ id: 'aaaaaaaaaaaa', detail: { force: true }, result: 'ok' });
    expect(page.next).toBe('2025-07-28T13:00:00.000Z#aaaaaaaaaaaa');
  });
});
