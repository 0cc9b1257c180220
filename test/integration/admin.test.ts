// Over 300 lines on purpose: one local product (emulators, a real ingest, an admin user) shared by the
// console's cases; a file per case would start it again each time (~10 s).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { AdminGetUserCommand, ConfirmForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROUTES, type RouteAccess } from '#functions/http/routes.ts';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type {
  AdminAuditResponse,
  AdminHealthResponse,
  AdminIngestResponse,
  AdminRunResponse,
  AdminUsageResponse,
  AdminUserActionResponse,
  AdminUsersResponse,
  AuditEntry,
} from '#shared/api/admin-types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import {
  cognitoClient,
  FIXED_CODE,
  makeAdmin,
  newUser,
  type Pool,
  readCode,
  signIn,
  type Tokens,
} from '../helpers/cognito.ts';
import { eventually } from '../helpers/eventually.ts';
import { startApiProduct } from '../helpers/product.ts';
import { putStations } from '../helpers/seed.ts';
import { makeStation, recentPrices } from '../helpers/station.ts';

/**
 * The admin console's API (issue 9) through the local gateway, with the ingest function behind the local
 * Lambda Invoke endpoint and a real national feed (FEED_URL unreachable → FEED_FILE).
 */
process.env.CODE = FIXED_CODE;
process.env.FEED_URL = 'http://127.0.0.1:9/instantane';
process.env.FEED_FILE = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';

const execFileAsync = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dataDir: string;
let pool: Pool;
let admin: Tokens & { sub: string };
let alice: Tokens & { sub: string };
let bob: Tokens & { sub: string };
const log: string[] = [];

const ADMIN_ROUTES = [
  'GET /api/admin/health',
  'GET /api/admin/runs/{startedAt}',
  'GET /api/admin/usage',
  'POST /api/admin/ingest',
  'GET /api/admin/users',
  'POST /api/admin/users/{username}/reset-password',
  'POST /api/admin/users/{username}/disable',
  'POST /api/admin/users/{username}/enable',
  'GET /api/admin/audit',
];

beforeAll(async () => {
  ({ product, dataDir, pool, stop } = await startApiProduct('admin', (line) => log.push(line)));
  await putStations(openTable(product.resources.tableName, createDocumentClient()), [
    makeStation('75000001', { town: 'Paris', prices: recentPrices({ Gazole: 1.7 }) }),
    makeStation('75000002', { town: 'Paris', prices: recentPrices({ Gazole: 1.8 }) }),
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

async function call<T = Record<string, unknown>>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T & { error?: { code: string; field?: string; message: string } } }> {
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

function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventually(what, probe, { ms: 90_000, everyMs: 250, detail: () => log.slice(-20).join('\n') });
}

async function auditEntries(): Promise<AuditEntry[]> {
  return (await call<AdminAuditResponse>(admin.accessToken, 'GET', '/api/admin/audit?limit=100')).body
    .entries;
}

describe('access: the admin group only', () => {
  test('every admin route of issue 9 is in THE route table as admin (the security test walks them all)', () => {
    const table = ROUTES.map((r) => `${r.method} ${r.path}`);
    for (const key of ADMIN_ROUTES) expect(table, key).toContain(key);
    for (const r of ROUTES.filter((x) => ADMIN_ROUTES.includes(`${x.method} ${x.path}`)))
      expect(r.auth, `${r.method} ${r.path}`).toBe('admin');
  });

  test('401 anonymous, 403 signed-in non-admin, on every route, whatever the body', async () => {
    for (const key of ADMIN_ROUTES) {
      const [method = 'GET', template = ''] = key.split(' ');
      const path = template.replace('{startedAt}', '2025-07-28T10:00:00.000Z').replace('{username}', bob.sub);
      const body = method === 'POST' ? { force: true } : undefined;
      expect((await call(null, method, path, body)).status, key).toBe(401);
      const res = await call(alice.accessToken, method, path, body);
      expect(res.status, key).toBe(403);
      expect(res.body.error?.code, key).toBe('forbidden');
    }
    // Nothing happened: no run, no audit entry, bob still enabled.
    expect(await auditEntries()).toEqual([]);
  });

  test('the cognito actions of each route are exactly what it calls (least privilege)', () => {
    const access: Record<string, RouteAccess> = Object.fromEntries(
      ROUTES.map((r) => [`${r.method} ${r.path}`, r.access]),
    );
    expect(access['GET /api/admin/users']).toEqual({ cognito: ['cognito-idp:ListUsers'] });
    expect(access['POST /api/admin/users/{username}/disable']?.cognito).toEqual([
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminDisableUser',
    ]);
    expect(access['POST /api/admin/ingest']).toEqual({ table: 'write', ingest: true });
    expect(access['GET /api/admin/health']).toEqual({ table: 'read', snapshot: true });
  });
});

// A national feed per run: under load a run can take longer than the project's 60 s test timeout, which
// would cut `waitFor`'s own 90 s deadline short. Room for that deadline (twice, in the second test).
describe('operations: ingest', { timeout: 200_000 }, () => {
  let run: AdminHealthResponse['runs'][number];

  test('an admin triggers an ingest (202) and sees the run appear, succeeded, with its quirks', async () => {
    const before = await call<AdminHealthResponse>(admin.accessToken, 'GET', '/api/admin/health');
    expect(before.status).toBe(200);
    expect(before.body.data.status).toBe('empty');
    expect(before.body.runs).toEqual([]);

    const res = await call<AdminIngestResponse>(admin.accessToken, 'POST', '/api/admin/ingest', {});
    expect(res.status).toBe(202);
    expect(res.body.triggered).toMatchObject({ function: 'ingest', trigger: 'admin', force: false });

    const health = await waitFor('the admin run to finish', async () => {
      const h = await call<AdminHealthResponse>(admin.accessToken, 'GET', '/api/admin/health');
      const r = h.body.runs.find((x) => x.trigger === 'admin');
      return r && r.status !== 'running' ? h.body : undefined;
    });
    run = health.runs[0] as typeof run;
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', trigger: 'admin', error: null });
    expect(run.stations).toBeGreaterThan(9000);
    expect(run.prices).toBeGreaterThan(30_000);
    expect(run.changed).toBe(run.stations);
    expect(run.bytes).toBeGreaterThan(500_000);
    expect(run.durationMs).toBeGreaterThan(0);
    expect(run.source).toContain('instantane_2025-07-28');
    // Published a moment ago, but its newest price is of July 2025: an old feed is stale (price-age.ts).
    expect(health.data).toMatchObject({ status: 'stale', runId: run.runId });
    expect(health.data.stations).toBe(run.stations);
    expect(health.data.feedTime).toMatch(/^2025-07-2/);
    expect(health.counts.succeeded).toBe(1);
    expect(health.series).toEqual({
      startedAt: [Math.round(Date.parse(run.startedAt) / 1000)],
      durationMs: [run.durationMs],
      changed: [run.changed],
    });
    // Quirks of that run: counts from the run record, example station ids from the published snapshot.
    const quirks = health.quirks;
    expect(quirks?.runId).toBe(run.runId);
    expect(quirks?.examplesFrom).toBe(run.runId);
    const noPrice = quirks?.flags.find((f) => f.flag === 'no-price');
    expect(noPrice?.count).toBeGreaterThan(50);
    expect(noPrice?.examples.length).toBe(5);
    for (const f of quirks?.flags ?? []) {
      expect(f.count, f.flag).toBe(run.flags[f.flag]);
      expect(f.examples.length, f.flag).toBe(Math.min(5, f.count));
      for (const id of f.examples) expect(id).toMatch(/^\d{7,8}$/);
    }

    const audit = (await auditEntries()).filter((e) => e.action === 'ingest.trigger');
    expect(audit).toEqual([
      expect.objectContaining({
        id: res.body.auditId,
        actor: { sub: admin.sub },
        target: 'ingest',
        result: 'ok',
        detail: { force: false },
      }),
    ]);
  });

  test("a run's details: its full record; 404 for an unknown start time", async () => {
    const res = await call<AdminRunResponse>(admin.accessToken, 'GET', `/api/admin/runs/${run.startedAt}`);
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({ runId: run.runId, status: 'succeeded', trigger: 'admin' });
    const timings = res.body.run.timings as Record<string, number>;
    expect(Object.keys(timings)).toEqual(expect.arrayContaining(['read', 'diff', 'write', 'publish']));
    for (const [phase, ms] of Object.entries(timings))
      expect(Number.isInteger(ms) && ms >= 0, phase).toBe(true);
    expect(res.body.run).not.toHaveProperty('PK');
    expect(res.body.logLines).toBeNull();
    expect(res.body.logs).toContain(run.runId);
    const missing = await call(admin.accessToken, 'GET', '/api/admin/runs/2001-01-01T00:00:00.000Z');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.field).toBe('startedAt');
  });

  test('the same feed again is skipped (unchanged); with force it is ingested again', async () => {
    for (const force of [false, true]) {
      const res = await call<AdminIngestResponse>(admin.accessToken, 'POST', '/api/admin/ingest', { force });
      expect(res.status).toBe(202);
      const latest = await waitFor(`run with force=${force}`, async () => {
        const h = await call<AdminHealthResponse>(admin.accessToken, 'GET', '/api/admin/health');
        const r = h.body.runs[0];
        return r && r.runId !== run.runId && r.status !== 'running' ? r : undefined;
      });
      if (force) expect(latest).toMatchObject({ status: 'succeeded', changed: 0 });
      else expect(latest).toMatchObject({ status: 'skipped', reason: 'unchanged' });
      run = latest;
    }
  });
});

describe('operations: users', () => {
  test('search by email prefix, one page at a time', async () => {
    const all = await call<AdminUsersResponse>(admin.accessToken, 'GET', '/api/admin/users');
    expect(all.status).toBe(200);
    expect(all.body.users.map((u) => u.email).sort()).toEqual([
      'alice@example.com',
      'bob@example.com',
      'root@example.com',
    ]);
    const some = await call<AdminUsersResponse>(admin.accessToken, 'GET', '/api/admin/users?emailPrefix=ali');
    expect(some.body.users).toEqual([
      expect.objectContaining({
        email: 'alice@example.com',
        sub: alice.sub,
        status: 'CONFIRMED',
        enabled: true,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      }),
    ]);
    expect(some.body.cursor).toBeNull();
  });

  test('reset password: the user gets a code from Cognito and chooses a new password; the admin sees none', async () => {
    const target = await username('alice@example.com');
    const res = await call<AdminUserActionResponse>(
      admin.accessToken,
      'POST',
      `/api/admin/users/${encodeURIComponent(target)}/reset-password`,
    );
    expect(res.status).toBe(202);
    expect(res.body.user).toMatchObject({ sub: alice.sub, enabled: true, status: 'RESET_REQUIRED' });
    expect(JSON.stringify(res.body)).not.toContain(FIXED_CODE);
    expect(Object.keys(res.body).sort()).toEqual(['action', 'auditId', 'user']);
    // The code is in cognito-local's pool file (it would be emailed in AWS).
    const code = await readCode(dataDir, pool.userPoolId, 'alice@example.com');
    expect(code).toBe(FIXED_CODE);
    await cognitoClient(pool).send(
      new ConfirmForgotPasswordCommand({
        ClientId: pool.clientId,
        Username: 'alice@example.com',
        ConfirmationCode: code,
        Password: 'A-brand-new-passw0rd',
      }),
    );
    alice = { ...alice, ...(await signIn(pool, 'alice@example.com', 'A-brand-new-passw0rd')) };
    const entry = (await auditEntries()).find((e) => e.id === res.body.auditId);
    expect(entry).toMatchObject({
      action: 'user.reset-password',
      actor: { sub: admin.sub },
      target: alice.sub,
      result: 'ok',
    });
  });

  test('disable then enable: Cognito has the user disabled, then enabled again', async () => {
    const target = await username('bob@example.com');
    const path = `/api/admin/users/${encodeURIComponent(target)}`;
    const off = await call<AdminUserActionResponse>(admin.accessToken, 'POST', `${path}/disable`);
    expect(off.status).toBe(200);
    expect(off.body.user).toMatchObject({ sub: bob.sub, enabled: false });
    const inCognito = await cognitoClient(pool).send(
      new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: target }),
    );
    expect(inCognito.Enabled).toBe(false);
    // Sign-in and refresh refused as in AWS: test/integration/cognito-user-states.test.ts.
    await expect(signIn(pool, 'bob@example.com')).rejects.toMatchObject({ message: 'User is disabled.' });
    const listed = await call<AdminUsersResponse>(
      admin.accessToken,
      'GET',
      '/api/admin/users?emailPrefix=bob',
    );
    expect(listed.body.users[0]?.enabled).toBe(false);

    const on = await call<AdminUserActionResponse>(admin.accessToken, 'POST', `${path}/enable`);
    expect(on.status).toBe(200);
    expect(on.body.user).toMatchObject({ sub: bob.sub, enabled: true });
    expect(
      (
        await cognitoClient(pool).send(
          new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: target }),
        )
      ).Enabled,
    ).toBe(true);
    await signIn(pool, 'bob@example.com');

    const entries = await auditEntries();
    for (const [action, id] of [
      ['user.disable', off.body.auditId],
      ['user.enable', on.body.auditId],
    ])
      expect(entries.find((e) => e.id === id)).toMatchObject({
        action,
        target: bob.sub,
        actor: { sub: admin.sub },
        result: 'ok',
      });
  });

  test('an admin cannot disable their own account (409); an unknown user is a 404; both are audited as failed', async () => {
    const self = await call(
      admin.accessToken,
      'POST',
      `/api/admin/users/${await username('root@example.com')}/disable`,
    );
    expect(self.status).toBe(409);
    expect(self.body.error?.code).toBe('conflict');
    const ghost = await call(admin.accessToken, 'POST', '/api/admin/users/no-such-user/enable');
    expect(ghost.status).toBe(404);
    expect(ghost.body.error).toMatchObject({ code: 'not_found', field: 'username' });
    const [last, previous] = await auditEntries();
    expect(last).toMatchObject({ action: 'user.enable', target: null, result: 'failed' });
    expect(last?.error?.code).toBe('not_found');
    expect(previous).toMatchObject({ action: 'user.disable', target: admin.sub, result: 'failed' });
  });

  test("the names of Object.prototype's members are unknown users too (404, as in Cognito)", async () => {
    // cognito-local's store found Object.prototype's functions for them and failed with a 500 (security fuzz).
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const res = await call(admin.accessToken, 'POST', `/api/admin/users/${name}/reset-password`);
      expect(res.status, name).toBe(404);
    }
  });
});

describe('bad input: 400 naming the field, before anything happens', () => {
  test.each([
    ['POST', '/api/admin/ingest', 'force', { force: 'yes' }],
    ['POST', '/api/admin/ingest', 'feed', { feed: '/etc/passwd' }],
    ['POST', '/api/admin/ingest', 'trigger', { trigger: 'schedule' }],
    ['GET', '/api/admin/users?emailPrefix=a%22%20or%20email%20%5E%3D%20%22', 'emailPrefix', undefined],
    ['GET', '/api/admin/users?emailPrefix=a%5C', 'emailPrefix', undefined],
    ['GET', '/api/admin/users?limit=61', 'limit', undefined],
    ['GET', '/api/admin/users?role=admin', 'role', undefined],
    ['GET', '/api/admin/users?cursor=%3Cscript%3E', 'cursor', undefined],
    ['GET', '/api/admin/runs/yesterday', 'startedAt', undefined],
    ['GET', '/api/admin/audit?cursor=bm90LWEta2V5', 'cursor', undefined],
    ['GET', '/api/admin/audit?limit=0', 'limit', undefined],
    ['GET', '/api/admin/usage?refresh=maybe', 'refresh', undefined],
    ['POST', '/api/admin/users/a%20b/disable', 'username', undefined],
    ['POST', `/api/admin/users/${'x'.repeat(129)}/reset-password`, 'username', undefined],
  ])('%s %s → 400 naming %s', async (method, path, field, body) => {
    const before = (await auditEntries()).length;
    const res = await call(admin.accessToken, method, path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', field });
    expect((await auditEntries()).length).toBe(before);
  });
});

describe('usage', () => {
  test('users, sign-ups this week, favourites, most-followed stations, alerts; unavailable figures say so', async () => {
    for (const [who, id] of [
      [alice, '75000001'],
      [alice, '75000002'],
      [bob, '75000001'],
    ] as const)
      expect((await call(who.accessToken, 'PUT', `/api/me/favourites/${id}`, {})).status).toBe(201);
    expect((await call(alice.accessToken, 'PUT', '/api/me', { alerts: { enabled: true } })).status).toBe(200);

    const res = await call<AdminUsageResponse>(admin.accessToken, 'GET', '/api/admin/usage?refresh=true');
    expect(res.status).toBe(200);
    const u = res.body;
    expect(u.users).toMatchObject({ total: 3, enabled: 3, confirmed: 3, truncated: false });
    expect(u.users.signUpsPerWeek).toHaveLength(12);
    expect(u.users.signUpsPerWeek.at(-1)?.count).toBe(3);
    expect(u.favourites).toEqual({
      usersWithFavourites: 2,
      total: 3,
      topStations: [
        {
          stationId: '75000001',
          followers: 2,
          name: null,
          brand: null,
          town: 'Paris',
          address: '1 rue de Rivoli',
        },
        {
          stationId: '75000002',
          followers: 1,
          name: null,
          brand: null,
          town: 'Paris',
          address: '1 rue de Rivoli',
        },
      ],
    });
    expect(u.alerts.configured).toBe(1);
    expect(u.alerts.emailsPerDay).toMatchObject({ available: false });
    expect(u.apiRequestsPerDay).toMatchObject({ available: false });
  });
});

describe('audit list', () => {
  test('newest first, paged with a cursor; who is a sub, never an email; items expire (TTL)', async () => {
    const all = await auditEntries();
    expect(all.length).toBeGreaterThanOrEqual(7);
    const times = all.map((e) => `${e.at}#${e.id}`);
    expect(times).toEqual([...times].sort().reverse());
    for (const e of all) {
      expect(e.actor.sub).toBe(admin.sub);
      expect(e.finishedAt).not.toBeNull();
    }

    const first = await call<AdminAuditResponse>(admin.accessToken, 'GET', '/api/admin/audit?limit=3');
    expect(first.body.entries).toEqual(all.slice(0, 3));
    const second = await call<AdminAuditResponse>(
      admin.accessToken,
      'GET',
      `/api/admin/audit?limit=3&cursor=${first.body.cursor}`,
    );
    expect(second.body.entries).toEqual(all.slice(3, 6));

    const items = await createDocumentClient().send(
      new QueryCommand({
        TableName: product.resources.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPk },
      }),
    );
    expect(items.Items?.length).toBe(all.length);
    expect(JSON.stringify(items.Items)).not.toContain('@');
    const inAYear = Date.now() / 1000 + 365 * 86_400;
    for (const item of items.Items ?? [])
      expect(Math.abs(Number(item.expiresAt) - inAYear)).toBeLessThan(3600);
  });
});

describe('npm run make-admin', () => {
  test('puts a user (found by email) in the admin group of the local stack; --remove takes them out', async () => {
    const script = (...args: string[]) =>
      execFileAsync(process.execPath, ['scripts/make-admin.ts', ...args, '--data-dir', dataDir], {
        cwd: root,
      });
    expect((await call(bob.accessToken, 'GET', '/api/admin/health')).status).toBe(403);
    const { stdout } = await script('bob@example.com');
    expect(stdout).toContain('is now in the admin group');
    const promoted = await signIn(pool, 'bob@example.com');
    expect((await call(promoted.accessToken, 'GET', '/api/admin/health')).status).toBe(200);

    expect((await script('bob@example.com', '--remove')).stdout).toContain('no longer in the admin group');
    const demoted = await signIn(pool, 'bob@example.com');
    expect((await call(demoted.accessToken, 'GET', '/api/admin/health')).status).toBe(403);

    await expect(script('nobody@example.com')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No user with the email nobody@example.com'),
    });
  });
});

/** The Cognito username of a user, as the admin's user list gives it (a UUID, like the sub). */
async function username(email: string): Promise<string> {
  const res = await call<AdminUsersResponse>(
    admin.accessToken,
    'GET',
    `/api/admin/users?emailPrefix=${encodeURIComponent(email)}`,
  );
  const user = res.body.users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.username;
}
