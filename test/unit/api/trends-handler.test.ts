import { NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { TrendsResponse } from '#shared/api/trends-types.ts';
import { apiEvent, testContext } from '../../helpers/api-event.ts';

// GET /api/trends as in Lambda, against mocked clients: no archive year committed (every pointer missing) and
// the live STATS# rows of two days. The archive join itself: test/integration/trends-api.test.ts.
Object.assign(process.env, {
  TABLE_NAME: 'plein-test',
  DATA_BUCKET: 'plein-data-test',
  AWS_REGION: 'eu-west-3',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
s3.onAnyCommand().rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
ddb
  .on(BatchGetCommand)
  .callsFake(async (input: { RequestItems: Record<string, { Keys: { PK: string; SK: string }[] }> }) => {
    const [table, { Keys }] = Object.entries(input.RequestItems)[0] ?? ['', { Keys: [] }];
    const rows: Record<string, number> = { 'STATS#2026-11-30': 1.7, 'STATS#2026-12-01': 1.72 };
    const items = Keys.filter((k) => k.PK in rows && k.SK === 'FR#Gazole').map((k) => ({
      ...k,
      fuel: 'Gazole',
      median: rows[k.PK],
      min: 1.5,
      mean: 1.71,
      count: 9000,
    }));
    return { Responses: { [table]: items } };
  });

let handler: (e: unknown, c: unknown) => Promise<APIGatewayProxyResult>;
beforeAll(async () => {
  vi.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z'), toFake: ['Date'] });
  ({ handler } = (await import('#functions/http/get-trends.ts')) as unknown as { handler: typeof handler });
});
afterAll(() => {
  vi.useRealTimers();
});

const call = async (query: Record<string, string>) => {
  const res = await handler(apiEvent({ path: '/api/trends', queryStringParameters: query }), testContext());
  return {
    status: res.statusCode,
    body: JSON.parse(res.body) as TrendsResponse & { error?: { field?: string } },
  };
};

describe('GET /api/trends (handler)', () => {
  test('before any backfill: the live days only, marked live, `to` clamped to today, the archive empty', async () => {
    const { status, body } = await call({ fuel: 'Gazole', from: '2026-11-01', to: '2030-01-01' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ dept: 'FR', from: '2026-11-01', to: '2026-12-02', resolution: 'day' });
    expect(body.archive).toEqual({ years: [], firstDay: null, lastDay: null });
    expect(body.series).toEqual([
      {
        fuel: 'Gazole',
        points: [
          { day: '2026-11-30', median: 1.7, count: 9000, source: 'live' },
          { day: '2026-12-01', median: 1.72, count: 9000, source: 'live' },
        ],
      },
    ]);
  });

  test('the whole range by default is weekly', async () => {
    const { body } = await call({});
    expect(body).toMatchObject({ from: '2007-01-01', to: '2026-12-02', resolution: 'week' });
    expect(body.series.map((s) => s.fuel)).toEqual(['Gazole', 'SP95', 'E85', 'GPLc', 'E10', 'SP98']);
    expect(body.series[0]?.points).toEqual([
      { day: '2026-11-30', median: 1.71, count: 9000, source: 'live' },
    ]);
  });

  test.each([
    [{ from: '2006-12-31' }, 'from'],
    [{ from: '2025-02-30' }, 'from'],
    [{ to: 'demain' }, 'to'],
    [{ from: '2025-07-28', to: '2025-07-01' }, 'from'],
    [{ from: '2027-01-01' }, 'from'],
    [{ dept: 'ZZ' }, 'dept'],
    [{ fuel: 'kerosene' }, 'fuel'],
    [{ days: '30' }, 'days'],
  ])('%o → 400 naming %s', async (query, field) => {
    const { status, body } = await call(query);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ field });
  });
});
