import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, test, vi } from 'vitest';
import type { FillDaysResponse } from '#shared/api/fill-days-types.ts';
import { parisIsoOf } from '#shared/domain/time.ts';
import { apiEvent, testContext } from '../../helpers/api-event.ts';
import { NOW, publishedObjects, snapshotOf } from '../../helpers/snapshot.ts';

// GET /api/stations/{id}/fill-days as in Lambda, against mocked clients: the snapshot of the unit fixtures
// (station 69000002 sells Gazole at 1.699 since 09:00 today and E10), no archive year committed, and a live
// history where Gazole drops to 1.700 every Tuesday and goes back to 1.750 every Wednesday for 12 weeks.
// The live join with the archive: test/integration/fill-days-api.test.ts.
Object.assign(process.env, {
  TABLE_NAME: 'plein-test',
  DATA_BUCKET: 'plein-data-test',
  AWS_REGION: 'eu-west-3',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
const RUN = 'run-fill-days';
const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
ddb.on(GetCommand).resolves({
  Item: {
    PK: 'META',
    SK: 'PUBLISHED',
    runId: RUN,
    snapshotKey: `snapshot/${RUN}.json.gz`,
    feedHash: `hash-${RUN}`,
    feedTime: '2025-07-28T15:00:04+02:00',
    publishedAt: '2025-07-28T13:10:00.000Z',
    stations: 10,
    prices: 10,
    parts: publishedObjects(snapshotOf(RUN)).parts,
  },
});
s3.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
  const body = publishedObjects(snapshotOf(RUN)).objects.get(input.Key);
  // As S3 answers a missing key: the archive's year pointers are absent (no backfill yet).
  if (!body)
    throw Object.assign(new Error(`NoSuchKey ${input.Key}`), {
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
  return { Body: { transformToByteArray: async () => body } };
});

const DAY = 86_400_000;
/** Tuesday 6 May 2025 00:00 Paris, the first Tuesday of the window (which opens Monday 5 May 15:30). */
const FIRST_TUESDAY = Date.parse('2025-05-06T00:00:00+02:00');
const WEEKLY = Array.from({ length: 12 }, (_, w) => [
  { SK: parisIsoOf(FIRST_TUESDAY + w * 7 * DAY), price: 1.7 },
  { SK: parisIsoOf(FIRST_TUESDAY + (w * 7 + 1) * DAY), price: 1.75 },
]).flat();
/** The price in effect when the window opens, set long before it. */
const CARRIED = { SK: '2025-04-01T08:00:00+02:00', price: 1.75 };
ddb.on(QueryCommand).callsFake(async (input: { ExpressionAttributeValues: Record<string, string> }) => {
  const v = input.ExpressionAttributeValues;
  if (v[':pk'] !== 'HIST#69000002#Gazole') return { Items: [] };
  // lastPriceBefore asks newest first below ':before'; the range read asks between ':from' and ':to'.
  return { Items: v[':before'] ? [CARRIED] : WEEKLY };
});

vi.useFakeTimers({ toFake: ['Date'] });
vi.setSystemTime(NOW);
const { handler } = await import('#functions/http/get-station-fill-days.ts');

afterAll(() => {
  vi.useRealTimers();
  ddb.restore();
  s3.restore();
});

const get = async (query: Record<string, string> | null, id = '69000002') => {
  const res: APIGatewayProxyResult = await handler(
    apiEvent({ queryStringParameters: query, pathParameters: { id } }),
    testContext(),
  );
  return {
    res,
    body: JSON.parse(res.body) as FillDaysResponse & { error?: { code: string; field?: string } },
  };
};

describe('GET /api/stations/{id}/fill-days (handler)', () => {
  test('every fuel sold: Tuesday cheapest by 5 ct, the window covered from its first minute', async () => {
    ddb.resetHistory();
    const { res, body } = await get(null);
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['cache-control']).toBe('public, max-age=60');
    expect(body).toMatchObject({
      stationId: '69000002',
      windowDays: 84,
      from: '2025-05-05T13:30:00.000Z',
      to: '2025-07-28T13:30:00.000Z',
    });
    expect(body.fuels.map((f) => f.fuel)).toEqual(['Gazole', 'E10']);
    const [gazole, e10] = body.fuels;
    expect(gazole).toMatchObject({
      verdict: 'cheapest',
      cheapest: { day: 2, price: 1.7 },
      dearest: { day: 3, price: 1.75 },
      spreadCents: 5,
      // The carried price covers Monday 5 May from 15:30: without it 8.5 hours would be unknown.
      coveredDays: 84,
      // 24 weekly changes, and today's 1.699 from the snapshot.
      variations: 25,
      last: { at: '2025-07-28T09:00:00+02:00', price: 1.699, delta: -0.051 },
    });
    expect(gazole?.weekdays).toHaveLength(7);
    expect(gazole?.weekdays.slice(1)).toEqual([1.7, 1.75, 1.75, 1.75, 1.75, 1.75]);
    // E10 has no history: today's price alone, a few hours.
    expect(e10).toMatchObject({ verdict: 'thin', cheapest: null, spreadCents: null, variations: 0 });
    // The carried price is asked for below the window's start, in Paris wall-clock time (the sort keys').
    const asked = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues);
    expect(asked).toContainEqual({ ':pk': 'HIST#69000002#Gazole', ':before': '2025-05-05T15:30:00' });
  });

  test('one fuel by alias', async () => {
    const { body } = await get({ fuel: 'e10' });
    expect(body.fuels.map((f) => f.fuel)).toEqual(['E10']);
  });

  test('404 for a station not in the feed, 400 naming the field', async () => {
    const missing = await get(null, '12345678');
    expect(missing.res.statusCode).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', field: 'id' });
    for (const [query, field] of [
      [{ fuel: 'kerosene' }, 'fuel'],
      [{ days: '7' }, 'days'],
    ] as const) {
      const { res, body } = await get(query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(body.error?.field).toBe(field);
    }
    expect((await get(null, '../etc')).res.statusCode).toBe(400);
  });
});
