import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { FIXED_CODE, makeAdmin, newUser, type Pool, signIn, type Tokens } from '../helpers/cognito.ts';
import { eventually } from '../helpers/eventually.ts';
import { childPid } from '../helpers/processes.ts';
import { startApiProduct } from '../helpers/product.ts';
import { putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

// Cognito unavailable (its emulator killed mid-session), through the local gateway (docs/RELIABILITY.md): the
// JWKS is cached, so signed-in callers still get through; routes that call Cognito answer 503 with a JSON error
// (not 500, not a hang), every other route keeps working, and nothing the user owns is lost.
process.env.CODE = FIXED_CODE;

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let user: Tokens;
let admin: Tokens;

const call = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${product.url}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    signal: AbortSignal.timeout(20_000),
  });

beforeAll(async () => {
  let pool: Pool;
  ({ product, pool, stop } = await startApiProduct('faults-cognito'));
  await putStations(openTable(product.resources.tableName, createDocumentClient()), [
    makeStation('1000001', { prices: recentPrices({ Gazole: 1.7 }) }),
  ]);
  user = await newUser(pool, 'driver@example.com');
  await newUser(pool, 'boss@example.com');
  await makeAdmin(pool, 'boss@example.com');
  admin = await signIn(pool, 'boss@example.com');
  // Warm up: the gateway fetches the JWKS once, and the user stores a favourite that must survive.
  expect(
    (await call('/api/me/favourites/1000001', user.accessToken, { method: 'PUT', body: '{"name":"Maison"}' }))
      .status,
  ).toBeLessThan(300);
  expect((await call('/api/me/export', user.accessToken)).status).toBe(200);
  // Cognito goes away: its child process, found by pid, is killed.
  const pid = childPid('cognito-local');
  if (!pid) throw new Error('cognito-local child not found');
  process.kill(pid, 'SIGKILL');
  // Gone once its port refuses connections.
  await eventually(
    'cognito-local to stop answering',
    () =>
      fetch(pool.endpoint, { signal: AbortSignal.timeout(2_000) }).then(
        () => undefined,
        () => true,
      ),
    { ms: 10_000, everyMs: 50 },
  );
});

afterAll(async () => {
  await stop?.();
});

describe('Cognito unavailable: 503 where Cognito is needed, everything else works, nothing lost', () => {
  test('routes that call Cognito (export, delete account, admin users) answer 503 with a JSON error, in bounded time', async () => {
    for (const [path, token, method] of [
      ['/api/me/export', user.accessToken, 'GET'],
      ['/api/admin/users', admin.accessToken, 'GET'],
    ] as const) {
      const started = Date.now();
      const res = await call(path, token, { method });
      const body = (await res.json()) as { error?: { code?: string } };
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(body.error?.code, `${method} ${path}`).toBe('unavailable');
      expect(Date.now() - started, `${method} ${path} answered quickly`).toBeLessThan(15_000);
    }
  });

  test('public routes and signed-in routes that need only DynamoDB keep working (lost: nothing)', async () => {
    expect((await call('/api/health')).status).toBe(200);
    expect((await call('/api/fuels')).status).toBe(200);
    const favs = await call('/api/me/favourites', user.accessToken);
    expect(favs.status).toBe(200);
    const text = await favs.text();
    expect(text, 'the favourite stored before the outage is still there').toContain('1000001');
    expect((await call('/api/me', user.accessToken)).status).toBe(200);
  });

  test('deleting the account answers 503 (the Cognito user is erased last: calling again later finishes it)', async () => {
    const res = await call('/api/me', user.accessToken, { method: 'DELETE' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error?: { code?: string } }).error?.code).toBe('unavailable');
  });
});
