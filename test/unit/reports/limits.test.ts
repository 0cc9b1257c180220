import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { REPORT_LIMITS } from '#shared/domain/report-rules.ts';
import { apiEvent, testContext, userClaims } from '../../helpers/api-event.ts';

// The report handler against a mocked table whose counters follow the conditional update the handler sends
// ("below the cap"): what is checked is which counters it takes and gives back, and what the caller gets.
Object.assign(process.env, {
  TABLE_NAME: 'plein-test',
  AWS_REGION: 'eu-west-3',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
const ddb = mockClient(DynamoDBDocumentClient);
const counters = new Map<string, number>();
const puts: PutCommandInput[] = [];
const STATION = {
  PK: 'STATION#75000001',
  SK: 'META',
  id: '75000001',
  town: 'Paris',
  address: '1 rue de Rivoli',
  dept: '75',
  lat: 48.85,
  lon: 2.35,
  flags: [],
};

beforeEach(() => {
  counters.clear();
  puts.length = 0;
  ddb.reset();
  ddb.on(GetCommand).callsFake(async (input: GetCommandInput) => {
    const pk = String(input.Key?.PK);
    if (pk === 'SECRET#report-ip') return { Item: { secret: 'a-key-for-the-unit-tests' } };
    if (pk === STATION.PK) return { Item: STATION };
    return {};
  });
  ddb.on(UpdateCommand).callsFake(async (input: UpdateCommandInput) => {
    const key = `${input.Key?.PK}|${input.Key?.SK}`;
    const n = counters.get(key) ?? 0;
    const values = input.ExpressionAttributeValues ?? {};
    if (values[':max'] !== undefined && n >= Number(values[':max']))
      throw new ConditionalCheckFailedException({ message: 'cap', $metadata: {} });
    counters.set(key, n + Number(values[':one'] ?? values[':minus'] ?? 0));
    return { Attributes: { count: counters.get(key) } };
  });
  ddb.on(PutCommand).callsFake(async (input: PutCommandInput) => {
    puts.push(input);
    return {};
  });
});

const { handler } = await import('#functions/http/post-station-reports.ts');

async function report(sub: string, ip: string): Promise<APIGatewayProxyResult> {
  const event = apiEvent({
    httpMethod: 'POST',
    resource: '/api/stations/{id}/reports',
    pathParameters: { id: '75000001' },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'name', name: 'Total Access' }),
    claims: userClaims(sub),
  });
  (event.requestContext as { identity: { sourceIp: string } }).identity = { sourceIp: ip };
  return (await handler(event, testContext())) as APIGatewayProxyResult;
}

const countersOf = (prefix: string) => [...counters].filter(([k]) => k.startsWith(prefix));

describe('report limits', () => {
  test(`${REPORT_LIMITS.perUserPerDay} a day per account: the next is a 429 with Retry-After, and the address's slot is given back`, async () => {
    for (let i = 0; i < REPORT_LIMITS.perUserPerDay; i++) {
      const res = await report('alice', '203.0.113.7');
      expect(res.statusCode).toBe(201);
      expect(JSON.parse(res.body).remainingToday).toBe(REPORT_LIMITS.perUserPerDay - 1 - i);
    }
    const refused = await report('alice', '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'throttled',
        message: `At most ${REPORT_LIMITS.perUserPerDay} reports a day per account`,
      },
    });
    const retryAfter = Number(refused.headers?.['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(25 * 3600);
    // The refused report took no address slot: another account behind the same address still counts from 10.
    expect(countersOf('REPORTIP#').map(([, n]) => n)).toEqual([REPORT_LIMITS.perUserPerDay]);
    expect((await report('bob', '203.0.113.7')).statusCode).toBe(201);
    // Two items per report (the report and the reporter's copy), none for the refused one.
    expect(puts.length).toBe(2 * (REPORT_LIMITS.perUserPerDay + 1));
  });

  test(`${REPORT_LIMITS.perIpPerDay} a day per address, whatever the accounts; other addresses are not affected`, async () => {
    for (let i = 0; i < REPORT_LIMITS.perIpPerDay; i++)
      expect((await report(`user-${Math.floor(i / 10)}`, '198.51.100.4')).statusCode).toBe(201);
    const refused = await report('user-new', '198.51.100.4');
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body).error.message).toContain('from one address');
    expect(refused.headers?.['retry-after']).toMatch(/^\d+$/);
    // The account refused by the address limit spent nothing of its own.
    expect(countersOf('USER#user-new|')).toEqual([]);
    expect((await report('user-new', '198.51.100.5')).statusCode).toBe(201);
  });

  test('the address is stored only as a keyed hash, in the counter’s key and nowhere else', async () => {
    await report('alice', '203.0.113.7');
    const [[key]] = countersOf('REPORTIP#') as [[string, number]];
    expect(key).toMatch(/^REPORTIP#[\w-]{32}\|\d{4}-\d{2}-\d{2}$/);
    expect(key).not.toContain('203.0.113.7');
    expect(JSON.stringify(puts)).not.toContain('203.0.113.7');
    expect(JSON.stringify(puts)).not.toContain(key.split('|')[0]?.slice('REPORTIP#'.length));
  });
});
