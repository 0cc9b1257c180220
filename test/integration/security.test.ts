// Over 300 lines on purpose: one local product shared by the security cases (auth, ownership, headers).
import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROUTES } from '#functions/http/routes.ts';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { ExportResponse, FavouritesResponse } from '#shared/api/account-types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import {
  cognitoClient,
  decodeJwt,
  FIXED_CODE,
  makeAdmin,
  newUser,
  type Pool,
  signIn,
  type Tokens,
} from '../helpers/cognito.ts';
import { startApiProduct } from '../helpers/product.ts';
import { putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

/**
 * Security of the account routes, driven through the local gateway (which checks tokens like API Gateway's
 * Cognito authorizer) and the handlers behind it. Each `test` is one rule of issue 5.
 */
process.env.CODE = FIXED_CODE;
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG'; // log as much as possible: nothing sensitive may show up anyway

const _root = resolve(import.meta.dirname, '..', '..');
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let pool: Pool;
let alice: Tokens & { sub: string };
let bob: Tokens & { sub: string };
let admin: Tokens & { sub: string };
const gatewayLog: string[] = [];

// cognito-local signs every token with a key shipped in its npm package: with it, a test can forge tokens
// that differ from real ones in exactly one way (expired, other issuer…) and prove that way is what fails.
const require = createRequire(import.meta.url);
const cognitoKey = createPrivateKey({
  key: JSON.parse(readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8'))
    .jwk,
  format: 'jwk',
});
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sign(
  payload: Record<string, unknown>,
  key: KeyObject = cognitoKey,
  header: Record<string, unknown> = {},
) {
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal', ...header });
  const body = b64(payload);
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

beforeAll(async () => {
  ({ product, pool, stop } = await startApiProduct('security', (line) => gatewayLog.push(line)));
  await putStations(openTable(product.resources.tableName, createDocumentClient()), [
    makeStation('75000001', { prices: recentPrices({ Gazole: 1.7 }) }),
    makeStation('75000002', { prices: recentPrices({ Gazole: 1.8 }) }),
  ]);
  alice = await newUser(pool, 'alice@example.com', 'Alice');
  bob = await newUser(pool, 'bob@example.com', 'Bob');
  admin = await newUser(pool, 'root@example.com', 'Root');
  await makeAdmin(pool, 'root@example.com');
  admin = { ...admin, ...(await signIn(pool, 'root@example.com')) };
});

afterAll(async () => {
  await stop?.();
});

async function call(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${product.url}${path}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('tokens: only a valid access token of our pool and client gets in (401 otherwise)', () => {
  const claims = () => decodeJwt(alice.accessToken);
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  test('control: a token forged with the pool key and correct claims IS accepted (so the cases below prove their one difference)', async () => {
    expect((await call(sign({ ...claims(), exp: inAnHour() }), 'GET', '/api/me')).status).toBe(200);
  });

  test('missing or malformed', async () => {
    expect((await call(null, 'GET', '/api/me')).status).toBe(401);
    expect((await call('', 'GET', '/api/me')).status).toBe(401);
    expect((await call('not.a.jwt', 'GET', '/api/me')).status).toBe(401);
  });

  test('expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    expect((await call(sign({ ...claims(), iat: past - 3600, exp: past }), 'GET', '/api/me')).status).toBe(
      401,
    );
  });

  test('tampered: payload changed (another sub, admin group), signature kept', async () => {
    const [h, , s] = alice.accessToken.split('.');
    for (const change of [{ sub: bob.sub }, { 'cognito:groups': ['admin'] }]) {
      const forged = `${h}.${b64({ ...claims(), ...change })}.${s}`;
      expect((await call(forged, 'GET', '/api/me')).status).toBe(401);
    }
  });

  test('signed by another key, or with alg:none, or HS256 keyed with the public key', async () => {
    const payload = { ...claims(), exp: inAnHour() };
    expect((await call(sign(payload, strangerKey), 'GET', '/api/me')).status).toBe(401);
    const none = `${b64({ alg: 'none', typ: 'JWT', kid: 'CognitoLocal' })}.${b64(payload)}.`;
    expect((await call(none, 'GET', '/api/me')).status).toBe(401);
    const jwks = await (await fetch(`${pool.endpoint}/${pool.userPoolId}/.well-known/jwks.json`)).text();
    const { createHmac } = await import('node:crypto');
    const head = b64({ alg: 'HS256', typ: 'JWT', kid: 'CognitoLocal' });
    const mac = createHmac('sha256', jwks)
      .update(`${head}.${b64(payload)}`)
      .digest('base64url');
    expect((await call(`${head}.${b64(payload)}.${mac}`, 'GET', '/api/me')).status).toBe(401);
  });

  test('from another user pool (same Cognito, real token), or claiming another issuer', async () => {
    const c = cognitoClient(pool);
    const other = await c.send(
      new CreateUserPoolCommand({ PoolName: 'other', UsernameAttributes: ['email'] }),
    );
    const otherPoolId = other.UserPool?.Id as string;
    const client = await c.send(
      new CreateUserPoolClientCommand({
        UserPoolId: otherPoolId,
        ClientName: 'other',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      }),
    );
    const otherPool = {
      ...pool,
      userPoolId: otherPoolId,
      clientId: client.UserPoolClient?.ClientId as string,
    };
    const stranger = await newUser(otherPool, 'stranger@example.com');
    expect(decodeJwt(stranger.accessToken).iss).toBe(`${pool.endpoint}/${otherPoolId}`);
    expect((await call(stranger.accessToken, 'GET', '/api/me')).status).toBe(401);
    const iss = `${pool.endpoint}/eu-west-3_Other`;
    expect((await call(sign({ ...claims(), iss, exp: inAnHour() }), 'GET', '/api/me')).status).toBe(401);
  });

  test('wrong token use: the ID token is not an access token', async () => {
    expect(decodeJwt(alice.idToken).token_use).toBe('id');
    expect((await call(alice.idToken, 'GET', '/api/me')).status).toBe(401);
    const idLike = { ...claims(), token_use: 'id', exp: inAnHour() };
    expect((await call(sign(idLike), 'GET', '/api/me')).status).toBe(401);
  });

  test('issued to another app client, or without the API scope', async () => {
    const base = { ...claims(), exp: inAnHour() };
    expect((await call(sign({ ...base, client_id: 'someoneelse' }), 'GET', '/api/me')).status).toBe(401);
    expect((await call(sign({ ...base, scope: 'openid' }), 'GET', '/api/me')).status).toBe(401);
  });
});

describe('the route table: no private route can be forgotten', () => {
  const concrete = (path: string) => path.replace(/\{\w+\}/g, '75000001');

  test('every user and admin route is 401 without a token', async () => {
    for (const r of ROUTES.filter((x) => x.auth !== 'public')) {
      expect((await call(null, r.method, concrete(r.path))).status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  test('every admin route is 403 for a signed-in non-admin, and not 401/403 for an admin', async () => {
    const adminRoutes = ROUTES.filter((x) => x.auth === 'admin');
    expect(adminRoutes.length).toBeGreaterThan(0);
    for (const r of adminRoutes) {
      const label = `${r.method} ${r.path}`;
      const res = await call(alice.accessToken, r.method, concrete(r.path));
      expect(res.status, label).toBe(403);
      expect(res.body.error.code, label).toBe('forbidden');
      // Only safe to call for real when it reads: an admin gets past the group check.
      if (r.method === 'GET')
        expect([401, 403], label).not.toContain(
          (await call(admin.accessToken, 'GET', concrete(r.path))).status,
        );
    }
  });
});

describe('keys come from the token only: user A cannot reach user B', () => {
  test("B neither sees nor deletes A's favourite, by path or body", async () => {
    expect(
      (await call(alice.accessToken, 'PUT', '/api/me/favourites/75000001', { name: 'Alice spot' })).status,
    ).toBe(201);
    const bobs = await call(bob.accessToken, 'GET', '/api/me/favourites');
    expect((bobs.body as FavouritesResponse).favourites).toEqual([]);
    // B deleting "the same" favourite deletes B's (none): A's is untouched.
    expect((await call(bob.accessToken, 'DELETE', '/api/me/favourites/75000001')).status).toBe(204);
    // A key smuggled into the path is refused before any key is built.
    for (const path of [`USER%23${alice.sub}`, `${alice.sub}`, '75000001%23x', '..%2F75000001']) {
      const res = await call(bob.accessToken, 'DELETE', `/api/me/favourites/${path}`);
      expect(res.status, path).toBe(400);
      expect(res.body.error.field, path).toBe('stationId');
    }
    // Query parameters naming someone else are refused too.
    expect((await call(bob.accessToken, 'GET', `/api/me/favourites?sub=${alice.sub}`)).status).toBe(400);
    const alices = await call(alice.accessToken, 'GET', '/api/me/favourites');
    expect((alices.body as FavouritesResponse).favourites.map((f) => f.stationId)).toEqual(['75000001']);
    const bobExport = (await call(bob.accessToken, 'GET', '/api/me/export')).body as ExportResponse;
    expect(bobExport.sub).toBe(bob.sub);
    expect(JSON.stringify(bobExport)).not.toContain(alice.sub);
  });

  test.each([
    ['userId', { userId: 'x' }],
    ['PK', { PK: 'USER#x' }],
    ['SK', { SK: 'PROFILE' }],
    ['sub', { sub: 'x' }],
    ['role', { role: 'admin' }],
    ['email_verified', { email_verified: true }],
    ['cognito:groups', { 'cognito:groups': ['admin'] }],
  ])('PUT /api/me with %s → 400 naming it, nothing stored', async (field, extra) => {
    const res = await call(bob.accessToken, 'PUT', '/api/me', { displayName: 'Bob', ...extra });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', field });
  });

  test('a favourite body cannot carry anything but a name', async () => {
    const res = await call(bob.accessToken, 'PUT', '/api/me/favourites/75000002', {
      name: 'x',
      userId: alice.sub,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('userId');
  });
});

describe('bad input → 400 naming the field', () => {
  test.each([
    ['displayName', { displayName: 'x'.repeat(51) }],
    ['displayName', { displayName: 'a\u0007b' }],
    ['fuels.0', { fuels: ['Kerosene'] }],
    ['fuels', { fuels: ['Gazole', 'Gazole'] }],
    ['tankLitres', { tankLitres: 1000 }],
    ['tankLitres', { tankLitres: 'fifty' }],
    ['consumptionL100', { consumptionL100: 0 }],
    ['yearlyKm', { yearlyKm: 1e9 }],
    ['alerts.dailyCap', { alerts: { enabled: true, dailyCap: 50 } }],
  ])('PUT /api/me → %s', async (field, body) => {
    const res = await call(alice.accessToken, 'PUT', '/api/me', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', field });
  });

  test('favourite name over 40 characters, dashboard `from` not a point', async () => {
    const long = await call(alice.accessToken, 'PUT', '/api/me/favourites/75000001', {
      name: 'n'.repeat(41),
    });
    expect(long.body.error).toMatchObject({ field: 'name' });
    const from = await call(alice.accessToken, 'GET', '/api/me/dashboard?from=paris');
    expect(from.status).toBe(400);
    expect(from.body.error.field).toBe('from');
    expect((await call(alice.accessToken, 'GET', '/api/me/dashboard?from=91,2')).status).toBe(400);
  });

  test('a body that is not JSON is a 400; a huge one a 413', async () => {
    const res = await fetch(`${product.url}/api/me`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'application/json' },
      body: '{"displayName":',
    });
    expect(res.status).toBe(400);
    const big = await call(alice.accessToken, 'PUT', '/api/me', { displayName: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
  });
});

describe('logs', () => {
  test('a full flow writes no email and no token (or piece of one) to stdout, stderr or the console', async () => {
    const captured: string[] = [];
    const restore: (() => void)[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        captured.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => {
        stream.write = write;
      });
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      };
      restore.push(() => {
        console[method] = original;
      });
    }
    const email = 'secret.driver@example.com';
    let user: Tokens & { sub: string };
    try {
      user = await newUser(pool, email, 'Secret Driver');
      const t = user.accessToken;
      await call(t, 'GET', '/api/me');
      await call(t, 'PUT', '/api/me', { displayName: 'Secret Driver', fuels: ['Gazole'] });
      await call(t, 'PUT', '/api/me', { displayName: 'x'.repeat(60) }); // a 400
      await call(t, 'PUT', '/api/me/favourites/75000001', { name: 'Home' });
      await call(t, 'PUT', '/api/me/favourites/99999999'); // a 404
      await call(t, 'GET', '/api/me/favourites');
      await call(t, 'GET', '/api/me/dashboard?from=48.85,2.35');
      await call(t, 'GET', '/api/me/export');
      await call(`${t}x`, 'GET', '/api/me'); // a 401
      await call(user.idToken, 'GET', '/api/me');
      await call(t, 'DELETE', '/api/me');
    } finally {
      for (const undo of restore) undo();
    }
    const logs = [...captured, ...gatewayLog].join('\n');
    // The capture works: the request log lines are there.
    expect(logs).toMatch(/"route":\s*"PUT \/api\/me"/);
    expect(logs).toContain('account erased');
    expect(logs.toLowerCase()).not.toContain(email);
    expect(logs).not.toContain('Secret Driver');
    for (const token of [user.accessToken, user.idToken, user.refreshToken]) {
      // Any 24-character window of any token part (header, claims, signature) would be a leak.
      for (const part of token.split('.').filter((p) => p.length >= 24)) {
        for (let i = 0; i + 24 <= part.length; i += 12) expect(logs).not.toContain(part.slice(i, i + 24));
      }
    }
  });
});
