import { resolve } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { FavouritesResponse } from '#shared/api/account-types.ts';
import { createDocumentClient, openTable, type Table } from '#shared/db/client.ts';
import {
  deleteFavourite,
  listFavourites,
  listFollowers,
  MAX_FAVOURITES,
  putFavourite,
} from '#shared/db/favourites.ts';
import { keys } from '#shared/db/keys.ts';
import { eraseUserData, listUserItems } from '#shared/db/users.ts';
import { FIXED_CODE, newUser, type Pool } from '../helpers/cognito.ts';
import { startApiProduct } from '../helpers/product.ts';
import { putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

/** The favourites cap (50) under concurrency, its repair after a crash, and crash-safe erasure. */
process.env.CODE = FIXED_CODE;

const _root = resolve(import.meta.dirname, '..', '..');
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let pool: Pool;
let table: Table;
const ids = Array.from({ length: 70 }, (_, i) => String(10_000_000 + i));

beforeAll(async () => {
  ({ product, pool, stop } = await startApiProduct('favs'));
  table = openTable(product.resources.tableName);
  await putStations(
    table,
    ids.map((id) => makeStation(id, { prices: recentPrices({ Gazole: 1.7 }) })),
  );
});

afterAll(async () => {
  await stop?.();
});

const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${product.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

async function slots(sub: string): Promise<string[]> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.profile(sub), ConsistentRead: true }),
  );
  return [...((res.Item?.favIds as Set<string> | undefined) ?? [])].sort();
}

describe('at most 50 favourites, even under concurrent requests', () => {
  test('60 concurrent PUTs of different stations: exactly 50 are created, the others are 400 limit', async () => {
    const u = await newUser(pool, 'racer@example.com');
    const results = await Promise.all(
      ids.slice(0, 60).map((id) => call(u.accessToken, 'PUT', `/api/me/favourites/${id}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_FAVOURITES);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    const refused = results.find((r) => r.status === 400)?.body;
    expect(refused.error).toMatchObject({ code: 'limit', field: 'stationId' });
    const list = (await call(u.accessToken, 'GET', '/api/me/favourites')).body as FavouritesResponse;
    expect(list.count).toBe(50);
    expect(await slots(u.sub)).toEqual(list.favourites.map((f) => f.stationId).sort());

    // Re-PUT of an existing favourite at the limit is idempotent (a rename), not a 51st.
    const existing = list.favourites[0]?.stationId as string;
    expect(
      (await call(u.accessToken, 'PUT', `/api/me/favourites/${existing}`, { name: 'Still here' })).status,
    ).toBe(200);
    // Deleting one frees a slot for another.
    const outsider = ids.find((id) => !list.favourites.some((f) => f.stationId === id)) as string;
    expect((await call(u.accessToken, 'PUT', `/api/me/favourites/${outsider}`)).status).toBe(400);
    expect((await call(u.accessToken, 'DELETE', `/api/me/favourites/${existing}`)).status).toBe(204);
    expect((await call(u.accessToken, 'PUT', `/api/me/favourites/${outsider}`)).status).toBe(201);
  });

  test('10 concurrent PUTs of the same station: one is created, the others find it; one item, one slot', async () => {
    const u = await newUser(pool, 'twin@example.com');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(u.accessToken, 'PUT', `/api/me/favourites/${ids[0]}`, { name: `n${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await listFavourites(table, u.sub)).toHaveLength(1);
    expect(await slots(u.sub)).toEqual([ids[0]]);
  });

  test('concurrent PUTs and DELETEs of the same stations never leave a favourite without its slot', async () => {
    const sub = 'repo-race-user';
    const now = new Date();
    const ops = Array.from({ length: 60 }, (_, i) => {
      const id = ids[i % 3] as string;
      return i % 2 ? deleteFavourite(table, sub, id) : putFavourite(table, sub, id, undefined, now);
    });
    await Promise.all(ops);
    const favourites = (await listFavourites(table, sub)).map((f) => f.stationId);
    const held = await slots(sub);
    for (const id of favourites) expect(held).toContain(id);
  });

  test('a crash between the slot and the item leaves a spare slot; PUT or DELETE of that station repairs it', async () => {
    const sub = 'crash-user';
    const now = new Date();
    for (const id of ids.slice(0, 49)) await putFavourite(table, sub, id, undefined, now);
    // The crash: the slot of station 49 was taken, its item never written.
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.profile(sub),
        UpdateExpression: 'ADD favIds :ids',
        ExpressionAttributeValues: { ':ids': new Set([ids[49]]) },
      }),
    );
    await expect(putFavourite(table, sub, ids[50] as string, undefined, now)).rejects.toThrow(/At most 50/);
    // Retrying the interrupted PUT finishes it (same slot), still 50.
    const retried = await putFavourite(table, sub, ids[49] as string, 'Retried', now);
    expect(retried.created).toBe(true);
    expect(await listFavourites(table, sub)).toHaveLength(50);
    // Or a DELETE frees it: item gone, slot gone.
    await deleteFavourite(table, sub, ids[49] as string);
    expect(await slots(sub)).toHaveLength(49);
    expect((await putFavourite(table, sub, ids[50] as string, undefined, now)).created).toBe(true);
  });

  test('followers of a station come from GSI1, one per user', async () => {
    const now = new Date();
    await putFavourite(table, 'follower-a', ids[69] as string, undefined, now);
    await putFavourite(table, 'follower-b', ids[69] as string, 'Mine', now);
    await putFavourite(table, 'follower-b', ids[69] as string, 'Renamed', now);
    expect((await listFollowers(table, ids[69] as string)).sort()).toEqual(['follower-a', 'follower-b']);
    await deleteFavourite(table, 'follower-a', ids[69] as string);
    expect(await listFollowers(table, ids[69] as string)).toEqual(['follower-b']);
  });

  test('deleting a favourite of a user without a profile creates nothing', async () => {
    await deleteFavourite(table, 'nobody', ids[0] as string);
    expect(await listUserItems(table, 'nobody')).toEqual([]);
  });
});

describe('erasure survives a crash half-way', () => {
  test('a crash before the profile delete: favourites and alert state are gone, a re-run removes the rest', async () => {
    const sub = 'erase-user';
    const now = new Date();
    for (const id of ids.slice(0, 30)) await putFavourite(table, sub, id, undefined, now);
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.alertState(sub, ids[0] as string, 'Gazole'),
        UpdateExpression: 'SET lastPrice = :p',
        ExpressionAttributeValues: { ':p': 1.7 },
      }),
    );
    // The first run "crashes" on its last step (the profile delete).
    const crashing = createDocumentClient();
    crashing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DeleteItemCommand') throw new Error('Lambda timed out');
        return next(args);
      },
      { step: 'initialize' },
    );
    await expect(eraseUserData(openTable(table.name, crashing), sub)).rejects.toThrow('Lambda timed out');
    const left = await listUserItems(table, sub);
    // Only the profile is left — and with it the slots, so the cap still counts correctly meanwhile.
    expect(left.map((i) => i.SK)).toEqual(['PROFILE']);
    expect(await eraseUserData(table, sub)).toBe(1);
    expect(await listUserItems(table, sub)).toEqual([]);
    expect(await eraseUserData(table, sub)).toBe(0);
  });
});
