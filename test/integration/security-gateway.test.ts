import { createPrivateKey, createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { decodeJwt, FIXED_CODE, newUser, type Pool, type Tokens } from '../helpers/cognito.ts';
import { ROOT, startApiProduct } from '../helpers/product.ts';
import { putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

// Header injection and path traversal through the local HTTP gateway itself (docs/RELIABILITY.md): raw
// requests (node:http, so that `%2e%2e`, `%2F` and `%0d%0a` reach the server exactly as written — fetch would
// normalize dot segments), an oversized body, malformed encodings and prototype-named keys, and a token that
// is not yet valid.
process.env.CODE = FIXED_CODE;

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let user: Tokens;
const packageJson = readFileSync(`${ROOT}/package.json`, 'utf8');
const packageName = (JSON.parse(packageJson) as { name: string }).name;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: string;
}

/** One request with the path sent byte for byte as given. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<Raw> {
  const { hostname, port } = new URL(product.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

const auth = () => ({ authorization: `Bearer ${user.accessToken}` });

/** A JSON 4xx error from the API, nothing of the project's files, no injected header. */
function expectCleanError(res: Raw, statuses: number[], label: string) {
  expect(statuses, `${label}: ${res.status} ${res.body.slice(0, 200)}`).toContain(res.status);
  expect(res.headers['content-type'], label).toMatch(/^application\/json/);
  expect(() => JSON.parse(res.body), label).not.toThrow();
  expect(res.headers['set-cookie'], label).toBeUndefined();
  for (const name of res.rawHeaders.filter((_, i) => i % 2 === 0))
    expect(name.toLowerCase(), label).not.toBe('x');
  expect(res.body, label).not.toContain('root:x:0:0');
  expect(res.body, label).not.toContain(`"name":"${packageName}"`);
  expect(res.body, label).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
}

beforeAll(async () => {
  let pool: Pool;
  ({ product, pool, stop } = await startApiProduct('security-gateway'));
  await putStations(openTable(product.resources.tableName, createDocumentClient()), [
    makeStation('75000001', { prices: recentPrices({ Gazole: 1.7 }) }),
  ]);
  user = await newUser(pool, 'gateway@example.com', 'Gate');
}, 120_000);

afterAll(async () => {
  await stop?.();
});

const CRLF = '%0d%0aSet-Cookie:%20x=1%0d%0ax:%20y';
const TRAVERSALS = [
  '..%2F..%2Fetc%2Fpasswd',
  '..%2f..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fpackage.json',
  '%2e%2e',
  '..%5C..%5Cpackage.json',
  '%252e%252e%252fetc%252fpasswd',
  '75000001%00',
];

describe('through the HTTP gateway: no header injection, no path traversal, bounded bodies', () => {
  test('control: the same raw requests with a real id succeed', async () => {
    expect((await raw('GET', '/api/health')).status).toBe(200);
    expect((await raw('PUT', '/api/me/favourites/75000001', auth())).status).toBe(201);
    expect((await raw('GET', '/api/me/favourites', auth())).body).toContain('75000001');
    expect((await raw('DELETE', '/api/me/favourites/75000001', auth())).status).toBe(204);
  });

  test('CRLF in a query value and in a path id: a JSON 400/404, no injected header', async () => {
    const cases: [string, string, Record<string, string>][] = [
      ['GET', `/api/stations?near=48.8,2.3&fuel=Gazole${CRLF}`, {}],
      ['GET', `/api/stations?q=${CRLF}`, {}],
      ['GET', `/api/stations/75000001${CRLF}`, {}],
      ['GET', `/api/stations/${CRLF}`, {}],
      ['PUT', `/api/me/favourites/${CRLF}`, auth()],
      ['DELETE', `/api/me/favourites/75000001${CRLF}`, auth()],
      ['GET', `/api/me/dashboard?from=${CRLF}`, auth()],
    ];
    for (const [method, path, headers] of cases)
      expectCleanError(await raw(method, path, headers), [400, 404], `${method} ${path}`);
  });

  test('path traversal in ids (/api/stations/{id}, /api/me/favourites/{stationId}): a JSON 400/404, never a file', async () => {
    for (const id of TRAVERSALS) {
      expectCleanError(await raw('GET', `/api/stations/${id}`), [400, 404], `GET station ${id}`);
      for (const method of ['PUT', 'DELETE'])
        expectCleanError(
          await raw(method, `/api/me/favourites/${id}`, auth()),
          [400, 404],
          `${method} favourite ${id}`,
        );
    }
    // Dot segments around the id are resolved by the URL parser first (as CloudFront does): the result is
    // an ordinary path outside /api, answered by the static site — a 404, never the file.
    for (const path of ['/api/stations/../../package.json', '/api/stations/%2e%2e/%2e%2e/package.json']) {
      const res = await raw('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"devDependencies"');
    }
    // Nothing was stored under a hostile id.
    const favs = await raw('GET', '/api/me/favourites', auth());
    expect(JSON.parse(favs.body)).toMatchObject({ favourites: [] });
  });

  test('static site path traversal: 404, never the project’s package.json or a system file', async () => {
    for (const path of [
      '/..%2F..%2Fpackage.json',
      '/%2e%2e/package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/..%5Cpackage.json',
      '/../../package.json',
      '/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/%252e%252e/package.json',
      '/package.json%00.html',
    ]) {
      const res = await raw('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain(`"name": "${packageName}"`);
      expect(res.body, path).not.toContain('"devDependencies"');
      expect(res.body, path).not.toContain('root:x:0:0');
    }
  });

  test('a body over API Gateway’s 10 MB is a 413 JSON error (the gateway stops reading it)', async () => {
    const body = Buffer.from(JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024 + 10) }));
    const res = await raw(
      'PUT',
      '/api/me/favourites/75000001',
      { ...auth(), 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    );
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_large' } });
    expect((await raw('GET', '/api/me/favourites', auth())).body).not.toContain('75000001');
  });

  test('malformed percent-encoding in a path id: a JSON 400 naming the parameter, not a 500', async () => {
    for (const [method, path, field] of [
      ['GET', '/api/stations/%', 'id'],
      ['GET', '/api/stations/%E0%A4%A/history', 'id'],
      ['PUT', '/api/me/favourites/%zz', 'stationId'],
    ] as const) {
      const res = await raw(method, path, auth());
      expectCleanError(res, [400], `${method} ${path}`);
      expect(JSON.parse(res.body).error, path).toMatchObject({ code: 'invalid', field });
    }
  });

  test('query keys named like Object.prototype members (__proto__, constructor…): a JSON 400 naming them', async () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      // Alone, the first problem named is the missing position.
      const alone = await raw('GET', `/api/stations?${key}=1`);
      expectCleanError(alone, [400], `/api/stations?${key}=1`);
      expect(JSON.parse(alone.body).error).toMatchObject({ code: 'invalid', field: 'lat' });
      for (const path of [`/api/stations?lat=48.85&lon=2.35&${key}=1`, `/api/health?${key}=1`]) {
        const res = await raw('GET', path);
        expectCleanError(res, [400], path);
        expect(JSON.parse(res.body).error, path).toMatchObject({ code: 'invalid', field: key });
      }
    }
  });

  test('a token that is not yet valid (nbf in the future), signed with the pool’s own key: 401', async () => {
    // cognito-local signs with a key shipped in its package: the token differs from a real one only by nbf.
    const require = createRequire(import.meta.url);
    const key = createPrivateKey({
      key: JSON.parse(
        readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8'),
      ).jwk,
      format: 'jwk',
    });
    const sign = (payload: Record<string, unknown>) => {
      const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })).toString(
        'base64url',
      );
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url')}`;
    };
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...decodeJwt(user.accessToken), exp: now + 7200 };
    const control = await raw('GET', '/api/me', { authorization: `Bearer ${sign(claims)}` });
    expect(control.status, 'control: the same token without nbf is accepted').toBe(200);
    const early = await raw('GET', '/api/me', {
      authorization: `Bearer ${sign({ ...claims, nbf: now + 3600, iat: now + 3600 })}`,
    });
    expectCleanError(early, [401], 'nbf in the future');
  });
});
