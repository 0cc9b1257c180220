import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import type { AlertRule } from '#shared/api/alert-types.ts';
import { openTable } from '#shared/db/client.ts';
import { getDigestState } from '#shared/db/digest.ts';
import { keys } from '#shared/db/keys.ts';
import { getProfile } from '#shared/db/profiles.ts';
import { getPublished, listRuns } from '#shared/db/runs.ts';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const ddb = mockClient(client);
const table = openTable('plein-test', client);

afterEach(() => {
  ddb.reset();
});

describe('keys', () => {
  test('a rule in a cell sorts by price in mills, or by drop in cents', () => {
    const rule = { id: 'r1', fuel: 'Gazole', maxPrice: 1.7, dropCents: null } as AlertRule;
    expect(keys.alertCellIndex('u1', rule, '45_2')).toEqual({
      GSI1PK: 'ALERTCELL#Gazole#45_2',
      GSI1SK: 'T01700#u1#r1',
    });
    expect(keys.alertCellIndex('u1', { ...rule, maxPrice: null, dropCents: 5 }, '45_2').GSI1SK).toBe(
      'D005#u1#r1',
    );
  });

  test('keys parse back to what they were built from', () => {
    expect(keys.subOf(keys.userPk('abc-123'))).toBe('abc-123');
    expect(keys.dayOf(keys.dailyStats('2025-07-28', 'FR', 'Gazole').PK)).toBe('2025-07-28');
  });
});

describe('toX() mappers', () => {
  test('a run is returned without table keys; an unknown status reads as failed', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...keys.run('2025-07-28T10:00:00.000Z'),
          ...keys.runIndex('succeeded', '2025-07-28T10:00:00.000Z'),
          runId: 'r1',
          status: 'succeeded',
          startedAt: '2025-07-28T10:00:00.000Z',
          changed: 3,
        },
        { ...keys.run('2025-07-28T09:00:00.000Z'), runId: 'r0', status: 'exploded' },
      ],
    });
    expect(await listRuns(table, 2)).toEqual([
      { runId: 'r1', status: 'succeeded', startedAt: '2025-07-28T10:00:00.000Z', changed: 3 },
      { runId: 'r0', status: 'failed', startedAt: '2025-07-28T09:00:00.000Z' },
    ]);
  });

  test('a published pointer without its snapshot key is an error, not a half pointer', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...keys.published, runId: 'r1' } });
    await expect(getPublished(table)).rejects.toThrow('no runId or snapshotKey');
  });

  test('a profile keeps only typed fields: a mistyped one falls back to its default', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        ...keys.profile('u1'),
        displayName: 'Ana',
        tankLitres: '60',
        favIds: new Set(['1']),
        alerts: { enabled: true },
      },
    });
    expect(await getProfile(table, 'u1')).toEqual({
      displayName: 'Ana',
      fuels: [],
      tankLitres: 50,
      consumptionL100: 6.5,
      yearlyKm: 12_000,
      alerts: { enabled: true, dailyCap: 3 },
      places: [],
      createdAt: null,
      updatedAt: null,
    });
  });

  test('a digest state drops counts that are not numbers', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...keys.digestState('2025-W30'), done: true, counts: { sent: 2, bad: 'x' } } });
    expect(await getDigestState(table, '2025-W30')).toEqual({
      week: '2025-W30',
      done: true,
      counts: { sent: 2 },
    });
  });
});
