import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTableInput } from '#infra/local/resources.ts';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { encodeCursor } from '#shared/api/cursor.ts';
import type { NearbyResponse } from '#shared/api/types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { tableSecret } from '#shared/db/secrets.ts';
import { startApiProduct } from '../helpers/product.ts';
import { publish, putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

// The cursor signing key is each deployment's own secret, created in its table on first use (no constant
// in the source): a cursor signed by another deployment is refused like a forged one.
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let runId: string;
const db = () => createDocumentClient();
const KEY = keys.secret('cursor');

beforeAll(async () => {
  ({ product, stop } = await startApiProduct('cursor-key'));
  const stations = ['75000001', '75000002', '75000003'].map((id, i) =>
    makeStation(id, { lat: 48.86 + i / 100, lon: 2.35, prices: recentPrices({ Gazole: 1.7 + i / 100 }) }),
  );
  await putStations(openTable(product.resources.tableName, db()), stations);
  runId = (
    await publish(openTable(product.resources.tableName, db()), product.resources.buckets.data, stations)
  ).runId;
});

afterAll(async () => {
  await stop?.();
});

/** Another deployment: its own table, same schema, in the same local DynamoDB. */
async function otherTable(name: string): Promise<string> {
  await new DynamoDBClient({}).send(new CreateTableCommand(createTableInput(name)));
  return name;
}

const page = (cursor?: string) =>
  fetch(
    `${product.url}/api/stations?lat=48.86&lon=2.35&radiusKm=10&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
  );

/** The state a cursor carries (its payload is base64url JSON), to sign it again with another key. */
function stateOf(cursor: string) {
  const p = JSON.parse(Buffer.from(cursor.split('.')[0] ?? '', 'base64url').toString('utf8'));
  return { offset: p.o, queryHash: p.q, runId: p.r };
}

describe('the cursor signing key is a per-deployment secret', () => {
  test("created in the deployment's table on first use; another deployment's cursor is a 400 on cursor", async () => {
    const first = (await (await page()).json()) as NearbyResponse;
    const cursor = first.nextCursor as string;
    expect(stateOf(cursor)).toMatchObject({ offset: 1, runId });
    const stored = await db().send(new GetCommand({ TableName: product.resources.tableName, Key: KEY }));
    const ours = new Uint8Array(Buffer.from(stored.Item?.secret, 'base64url'));
    expect(ours).toHaveLength(32);

    const theirs = (await tableSecret(openTable(await otherTable('plein-other-deployment'), db()), KEY, {
      create: true,
    })) as Uint8Array;
    expect(Buffer.from(theirs).equals(Buffer.from(ours))).toBe(false);

    // The very same state, signed by each deployment: only ours is accepted here.
    expect(encodeCursor(ours, stateOf(cursor))).toBe(cursor);
    const refused = await page(encodeCursor(theirs, stateOf(cursor)));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: { code: 'invalid', field: 'cursor', message: 'The cursor is not one this API issued' },
    });
    const next = await page(cursor);
    expect(next.status).toBe(200);
    expect(((await next.json()) as NearbyResponse).stations).toHaveLength(1);
  });

  test('concurrent first uses agree on one key (conditional put: the first writer wins)', async () => {
    const table = await otherTable('plein-race');
    const got = await Promise.all(
      Array.from({ length: 6 }, () => tableSecret(openTable(table, db()), KEY, { create: true })),
    );
    const texts = new Set(got.map((k) => Buffer.from(k as Uint8Array).toString('base64url')));
    expect(texts.size).toBe(1);
    expect(
      await tableSecret(openTable('plein-race', db()), keys.secret('cursor'), { create: false }),
    ).toEqual(got[0]);
  });
});
