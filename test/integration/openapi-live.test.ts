import { rm } from 'node:fs/promises';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { unsubscribeToken } from '#shared/alerts/token.ts';
import { alertsSecret } from '#shared/db/alert-settings.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { putNamesTable } from '#shared/names/store.ts';
import { createS3Client } from '#shared/s3.ts';
import { FIXED_CODE, makeAdmin, newUser, type Pool, signIn, type Tokens } from '../helpers/cognito.ts';
import { quietIngestDeps, startApiProduct } from '../helpers/product.ts';

/**
 * The contract, checked live: every route of the local product is called with a valid request (public,
 * signed-in user, admin) and its status and body are validated against the OpenAPI document the API itself
 * publishes (GET /api/openapi.json), with an independent validator (ajv, JSON Schema 2020-12 as OpenAPI 3.1
 * uses it). A handler whose answer drifts from its declared schema, or answers a status the document does
 * not list, fails here. Error answers are checked against the document's Error schema.
 */
process.env.CODE = FIXED_CODE;
// POST /api/admin/ingest invokes the ingest function: give it the real feed file (no network).
process.env.FEED_URL = 'http://127.0.0.1:9/instantane';
process.env.FEED_FILE = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';
const FEED = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: { 'application/json'?: { schema: Json } } }>;
}

let product: LocalProduct;
let dataDir: string;
let pool: Pool;
let doc: { paths: Record<string, Record<string, Operation>>; components: Json };
let user: Tokens & { sub: string };
let admin: Tokens & { sub: string };
let runStartedAt: string;
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: `.default` is the plugin for both the types and Node.
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();
/** `METHOD /template` of each route answered with a 2xx and checked: the last test wants all of them. */
const covered = new Set<string>();

beforeAll(async () => {
  ({ product, dataDir, pool } = await startApiProduct('openapi-live'));
  const run = await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'test' });
  expect(run.status).toBe('succeeded');
  runStartedAt = run.startedAt;
  // GET /api/names serves the names table the names function publishes: a small one here.
  await putNamesTable(createS3Client(), product.resources.buckets.data, {
    version: 'openapi-live',
    fetchedAt: new Date().toISOString(),
    source: 'test',
    rows: 2,
    rowsWithId: 2,
    duplicateIds: 0,
    entries: {
      '69003012': { name: 'Avia', brand: 'Avia', osmBrand: 'Avia', operator: null },
      '99999999': { name: 'Total Access', brand: 'TotalEnergies', osmBrand: 'Total', operator: 'Total' },
    },
  });
  user = await newUser(pool, 'driver@example.com', 'Driver');
  await newUser(pool, 'target@example.com', 'Target');
  admin = await newUser(pool, 'root@example.com', 'Root');
  await makeAdmin(pool, 'root@example.com');
  admin = { ...admin, ...(await signIn(pool, 'root@example.com')) };
  const res = await fetch(`${product.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
});

afterAll(async () => {
  await product?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The schema the document gives for this route and status; the test fails if there is none. */
function validatorFor(route: string, status: number): ValidateFunction | null {
  const [method, path] = route.split(' ') as [string, string];
  const op = doc.paths[path]?.[method.toLowerCase()];
  expect(op, `${route} is in the document`).toBeDefined();
  const response = op?.responses[String(status)];
  expect(response, `${route} documents status ${status}`).toBeDefined();
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) return null;
  const id = `${route} ${status}`;
  let validate = validators.get(id);
  if (!validate) {
    // `#/components/schemas/…` resolves against this root: the response schema with the document's components.
    validate = ajv.compile({ ...schema, components: doc.components });
    validators.set(id, validate);
  }
  return validate;
}

/**
 * Calls `route` (its template, e.g. `GET /api/stations/{id}`) at `url`, and checks the answer against the
 * document: the status must be documented, a documented body must validate, an undocumented one be empty.
 */
async function check(
  route: string,
  url: string,
  opts: { token?: string; body?: unknown; status: number },
): Promise<Json> {
  const method = route.split(' ')[0] as string;
  const res = await fetch(`${product.url}${url}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  expect(res.status, `${route}: ${text.slice(0, 300)}`).toBe(opts.status);
  const validate = validatorFor(route, res.status);
  if (!validate) {
    expect(text, `${route} ${res.status} has no body in the document`).toBe('');
    if (res.status < 300) covered.add(route);
    return {};
  }
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Json;
  const ok = validate(body);
  expect(
    ok ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n'),
    `${route} ${res.status}`,
  ).toEqual([]);
  if (res.status < 300) covered.add(route);
  return body;
}

describe('live answers match the published OpenAPI document', () => {
  test('public routes', async () => {
    await check('GET /api/health', '/api/health', { status: 200 });
    const near = await check(
      'GET /api/stations',
      '/api/stations?lat=48.8566&lon=2.3522&fuel=Gazole&sort=price',
      {
        status: 200,
      },
    );
    const id = (near.stations as { id: string }[])[0]?.id as string;
    expect(id).toMatch(/^\d{7,8}$/);
    await check('GET /api/stations/{id}', `/api/stations/${id}`, { status: 200 });
    await check('GET /api/stations/{id}/history', `/api/stations/${id}/history?days=7`, { status: 200 });
    await check('GET /api/stations/{id}/fill-days', `/api/stations/${id}/fill-days`, { status: 200 });
    await check('GET /api/search', '/api/search?q=lyon', { status: 200 });
    await check('GET /api/stats', '/api/stats?fuel=Gazole&dept=69', { status: 200 });
    await check('GET /api/fuels', '/api/fuels', { status: 200 });
    await check('GET /api/push/key', '/api/push/key', { status: 200 });
    await check('GET /api/openapi.json', '/api/openapi.json', { status: 200 });
    await check('GET /api/demo/dashboard', '/api/demo/dashboard?lat=48.8566&lon=2.3522', { status: 200 });
    // Names and brands (issue 16).
    await check('GET /api/stations', '/api/stations?lat=45.764&lon=4.8357&brand=TotalEnergies,Avia', {
      status: 200,
    });
    await check('GET /api/stats', '/api/stats?fuel=Gazole&brand=TotalEnergies', { status: 200 });
    await check('GET /api/brands', '/api/brands', { status: 200 });
    await check('GET /api/names', '/api/names?format=json', { status: 200 });
    // Trends since 2007 (issue 18): no archive here, the live days alone.
    await check('GET /api/trends', '/api/trends?fuel=Gazole&from=2025-01-01', { status: 200 });
  });

  test('the names download as CSV: a documented body of its own type', async () => {
    const res = await fetch(`${product.url}/api/names?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const ok = doc.paths['/api/names']?.get?.responses['200'] as { content?: Record<string, unknown> };
    const content = ok?.content;
    expect(content?.['text/csv']).toMatchObject({ schema: { type: 'string' } });
    expect((await res.text()).split('\r\n')[1]).toBe('id,name,brand,osmBrand,operator,cp,town');
  });

  test('a signed-in user’s routes', async () => {
    const token = user.accessToken;
    const near = await check('GET /api/stations', '/api/stations?lat=45.764&lon=4.8357', { status: 200 });
    const id = (near.stations as { id: string }[])[0]?.id as string;
    await check('GET /api/me', '/api/me', { token, status: 200 });
    await check('PUT /api/me', '/api/me', {
      token,
      body: { displayName: 'Driver', fuels: ['Gazole'] },
      status: 200,
    });
    const fav = '/api/me/favourites/';
    await check('PUT /api/me/favourites/{stationId}', `${fav}${id}`, {
      token,
      body: { name: 'Home' },
      status: 201,
    });
    await check('PUT /api/me/favourites/{stationId}', `${fav}${id}`, {
      token,
      body: { name: null },
      status: 200,
    });
    await check('GET /api/me/favourites', '/api/me/favourites', { token, status: 200 });
    await check('GET /api/me/dashboard', '/api/me/dashboard?from=45.76,4.83', { token, status: 200 });
    await check('GET /api/me/alerts', '/api/me/alerts', { token, status: 200 });
    await check('PUT /api/me/alerts', '/api/me/alerts', { token, body: { rules: [] }, status: 200 });
    // Web Push (issue 19): a subscription as the local push service makes one, saved then removed.
    const device = (await (
      await fetch(`${product.endpoints.push}/subscriptions`, { method: 'POST' })
    ).json()) as { endpoint: string };
    const subs = '/api/me/push-subscriptions';
    await check(`PUT ${subs}`, subs, { token, body: device, status: 201 });
    await check(`PUT ${subs}`, subs, { token, body: device, status: 200 });
    await check(`PUT ${subs}`, subs, { token, body: { ...device, endpoint: 'ftp://x' }, status: 400 });
    await check(`DELETE ${subs}`, subs, {
      token,
      body: { endpoint: device.endpoint },
      status: 204,
    });
    await check('GET /api/me/export', '/api/me/export', { token, status: 200 });
    await check('DELETE /api/me/favourites/{stationId}', `${fav}${id}`, { token, status: 204 });
  });

  test('the unsubscribe link, with a token signed by the deployment’s secret', async () => {
    const table = openTable(product.resources.tableName, createDocumentClient());
    const secret = (await alertsSecret(table, { create: true })) as Uint8Array;
    const url = `/api/alerts/unsubscribe?token=${unsubscribeToken(secret, user.sub, 'digest', new Date())}`;
    await check('GET /api/alerts/unsubscribe', url, { status: 200 });
    await check('POST /api/alerts/unsubscribe', url, { status: 200 });
  });

  test('admin routes', async () => {
    const token = admin.accessToken;
    await check('GET /api/admin/health', '/api/admin/health', { token, status: 200 });
    await check('GET /api/admin/runs', '/api/admin/runs?limit=5', { token, status: 200 });
    await check('GET /api/admin/runs/{startedAt}', `/api/admin/runs/${runStartedAt}`, { token, status: 200 });
    await check('GET /api/admin/usage', '/api/admin/usage?refresh=true', { token, status: 200 });
    const found = await check('GET /api/admin/users', '/api/admin/users?emailPrefix=target', {
      token,
      status: 200,
    });
    const target = encodeURIComponent((found.users as { username: string }[])[0]?.username as string);
    const users = '/api/admin/users/';
    await check('POST /api/admin/users/{username}/reset-password', `${users}${target}/reset-password`, {
      token,
      status: 202,
    });
    await check('POST /api/admin/users/{username}/disable', `${users}${target}/disable`, {
      token,
      status: 200,
    });
    await check('POST /api/admin/users/{username}/enable', `${users}${target}/enable`, {
      token,
      status: 200,
    });
    await check('POST /api/admin/ingest', '/api/admin/ingest', {
      token,
      body: { force: false },
      status: 202,
    });
    await check('GET /api/admin/audit', '/api/admin/audit?limit=10', { token, status: 200 });
    // The backfill job through the local Step Functions stand-in; the year's download fails at once (no network).
    process.env.BACKFILL_URL_TEMPLATE = 'http://127.0.0.1:9/{year}';
    await check('POST /api/admin/backfill', '/api/admin/backfill', {
      token,
      body: { from: 2007 },
      status: 202,
    });
    await check('GET /api/admin/backfill', '/api/admin/backfill', { token, status: 200 });
  });

  test('reports ("Signaler une erreur"): a driver’s report, the queue, both decisions', async () => {
    const near = await check('GET /api/stations', '/api/stations?lat=48.8566&lon=2.3522', { status: 200 });
    const id = (near.stations as { id: string }[])[0]?.id as string;
    const sent = (kind: string, extra: Json = {}) =>
      check('POST /api/stations/{id}/reports', `/api/stations/${id}/reports`, {
        token: user.accessToken,
        body: { kind, ...extra },
        status: 201,
      });
    const named = await sent('name', { name: 'Total Access', comment: 'Vu sur place' });
    const price = await sent('price', { fuel: 'Gazole' });
    const token = admin.accessToken;
    await check('GET /api/admin/reports', '/api/admin/reports?status=pending&limit=5', {
      token,
      status: 200,
    });
    const reportId = (r: Json) => (r.report as { id: string }).id;
    await check('POST /api/admin/reports/{id}/accept', `/api/admin/reports/${reportId(named)}/accept`, {
      token,
      body: { note: 'Confirmé' },
      status: 200,
    });
    await check('POST /api/admin/reports/{id}/reject', `/api/admin/reports/${reportId(price)}/reject`, {
      token,
      status: 200,
    });
    await check('POST /api/admin/reports/{id}/accept', `/api/admin/reports/${reportId(price)}/accept`, {
      token,
      status: 409,
    });
    await check('POST /api/stations/{id}/reports', `/api/stations/${id}/reports`, {
      token: user.accessToken,
      body: { kind: 'name' },
      status: 400,
    });
  });

  test('error answers: the documented status, the Error schema', async () => {
    await check('GET /api/stations', '/api/stations?lat=48.8&lon=2.3&bogus=1', { status: 400 });
    await check('GET /api/stations', '/api/stations?lat=48.8&lon=2.3&brand=Avia,,Esso', { status: 400 });
    await check('GET /api/names', '/api/names?format=xml', { status: 400 });
    await check('GET /api/stations/{id}', '/api/stations/99999999', { status: 404 });
    await check('GET /api/me', '/api/me', { status: 401 });
    await check('GET /api/admin/health', '/api/admin/health', { token: user.accessToken, status: 403 });
    await check('PUT /api/me', '/api/me', { token: user.accessToken, body: { userId: 'x' }, status: 400 });
    const me = await check('GET /api/admin/users', '/api/admin/users?emailPrefix=root', {
      token: admin.accessToken,
      status: 200,
    });
    const self = encodeURIComponent((me.users as { username: string }[])[0]?.username as string);
    await check('POST /api/admin/users/{username}/disable', `/api/admin/users/${self}/disable`, {
      token: admin.accessToken,
      status: 409,
    });
  });

  test('erasing the account (last: the user is gone afterwards)', async () => {
    await check('DELETE /api/me', '/api/me', { token: user.accessToken, status: 204 });
  });

  test('every route of the document was answered and checked', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.filter((r) => !covered.has(r))).toEqual([]);
    expect(covered.size).toBe(documented.length);
  });
});
