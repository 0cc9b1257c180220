// Over 300 lines on purpose: one local product (emulators, gateway, signed-in drivers and an admin) shared by
// the report flow's cases; a file per case would start it again each time (~10 s).
import { request } from 'node:http';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { ExportResponse } from '#shared/api/account-types.ts';
import type { AdminAuditResponse } from '#shared/api/admin-types.ts';
import type {
  AdminReportDecisionResponse,
  AdminReportsResponse,
  ReportCreatedResponse,
} from '#shared/api/report-types.ts';
import { createDocumentClient, openTable, type Table } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { listNameOverrides } from '#shared/db/name-overrides.ts';
import { OFFICIAL_PRICE_CONTACT, REPORT_LIMITS } from '#shared/domain/report-rules.ts';
import { FIXED_CODE, makeAdmin, newUser, type Pool, signIn, type Tokens } from '../helpers/cognito.ts';
import { startApiProduct } from '../helpers/product.ts';
import { putStations } from '../helpers/seed.ts';
import { makeStation } from '../helpers/station.ts';

/**
 * "Signaler une erreur" (issue 16) through the local gateway: a driver's report, the admin queue, accept
 * (the override is stored) and reject, a second decision refused, the limits per account and per address,
 * and the report as the reporter's data (export, erasure). Requests leave from chosen loopback addresses
 * (127.0.0.x) so the per-address cases each have their own address.
 */
process.env.CODE = FIXED_CODE;

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let pool: Pool;
let table: Table;
let admin: Tokens & { sub: string };
let alice: Tokens & { sub: string };
let bob: Tokens & { sub: string };
let users = 0;

type Answer<T> = {
  status: number;
  headers: Record<string, string>;
  body: T & { error?: { code: string; field?: string; message: string } };
};

/** One API call from `from` (a loopback address: the gateway sees it as the caller's source address). */
function call<T = Record<string, unknown>>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  from = '127.0.0.1',
): Promise<Answer<T>> {
  const url = new URL(path, product.url);
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        localAddress: from,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(text ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: raw ? JSON.parse(raw) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const report = (who: Tokens | null, stationId: string, body: unknown, from?: string) =>
  call<ReportCreatedResponse>(
    who?.accessToken ?? null,
    'POST',
    `/api/stations/${stationId}/reports`,
    body,
    from,
  );
const queue = (status = 'pending', extra = '') =>
  call<AdminReportsResponse>(admin.accessToken, 'GET', `/api/admin/reports?status=${status}${extra}`);
const decide = (id: string, verdict: 'accept' | 'reject', body?: unknown, who: Tokens = admin) =>
  call<AdminReportDecisionResponse>(who.accessToken, 'POST', `/api/admin/reports/${id}/${verdict}`, body);
const driver = () => newUser(pool, `driver${++users}@example.com`, `Driver ${users}`);

beforeAll(async () => {
  ({ product, pool, stop } = await startApiProduct('reports'));
  table = openTable(product.resources.tableName, createDocumentClient());
  await putStations(table, [
    makeStation('75000001', { address: '28 AVENUE MAURICE JARROSSON', name: null, brand: null }),
    makeStation('75000002', { name: 'Intermarché', brand: 'Intermarché', lat: 48.86, lon: 2.34 }),
    makeStation('75000003', { address: '2 rue du Bac' }),
    makeStation('75000004', { removedAt: '2026-01-01T00:00:00.000Z' } as never),
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

describe('POST /api/stations/{id}/reports', () => {
  test('needs an account (401), a known station (404) and a valid body (400 naming the field)', async () => {
    expect((await report(null, '75000001', { kind: 'closed' })).status).toBe(401);
    const unknown = await report(alice, '99999999', { kind: 'closed' });
    expect([unknown.status, unknown.body.error?.code, unknown.body.error?.field]).toEqual([
      404,
      'not_found',
      'id',
    ]);
    // A station that left the feed cannot be corrected.
    expect((await report(alice, '75000004', { kind: 'closed' })).status).toBe(404);
    expect((await report(alice, 'abc', { kind: 'closed' })).body.error?.field).toBe('id');
    for (const [body, field] of [
      [{}, 'kind'],
      [{ kind: 'nom' }, 'kind'],
      [{ kind: 'name', name: ' ' }, 'name'],
      [{ kind: 'brand', brand: 'x'.repeat(81) }, 'brand'],
      [{ kind: 'position', lat: 40.7, lon: -74 }, 'lat'],
      // In France, but 30 km from the station.
      [{ kind: 'position', lat: 48.6, lon: 2.6 }, 'lat'],
      [{ kind: 'price', fuel: 'Kerosene' }, 'fuel'],
      [{ kind: 'closed', comment: 'x'.repeat(501) }, 'comment'],
    ] as const) {
      const res = await report(alice, '75000001', body);
      expect([res.status, res.body.error?.field], JSON.stringify(body)).toEqual([400, field]);
    }
    // None of these counted against the day's reports.
    const first = await report(alice, '75000003', { kind: 'closed' });
    expect([first.status, first.body.remainingToday]).toEqual([201, REPORT_LIMITS.perUserPerDay - 1]);
  });

  test('a price report points to the official site; the others do not', async () => {
    const price = await report(alice, '75000003', {
      kind: 'price',
      fuel: 'Gazole',
      comment: '1,689 à la pompe',
    });
    expect(price.status).toBe(201);
    expect(price.body.officialContact).toBe(OFFICIAL_PRICE_CONTACT);
    expect(price.body.report).toMatchObject({
      kind: 'price',
      proposal: { fuel: 'Gazole' },
      status: 'pending',
    });
    expect(price.body.report).not.toHaveProperty('reporter');
    const name = await report(alice, '75000003', { kind: 'name', name: 'Relais du Bac' });
    expect(name.body.officialContact).toBeNull();
  });
});

describe('the admin queue', () => {
  test('drivers cannot see or decide reports (403)', async () => {
    const sent = await report(bob, '75000003', { kind: 'brand', brand: 'Avia' });
    expect((await call(bob.accessToken, 'GET', '/api/admin/reports')).status).toBe(403);
    expect((await decide(sent.body.report.id, 'accept', undefined, bob)).status).toBe(403);
    expect((await call(null, 'GET', '/api/admin/reports')).status).toBe(401);
  });

  test('report → pending queue → accept: the override is stored, the report moves, the audit says so', async () => {
    const sent = await report(alice, '75000001', {
      kind: 'name',
      name: '  Total Access Paris ',
      comment: 'Vu ce matin',
    });
    expect(sent.status).toBe(201);
    const id = sent.body.report.id;
    expect(sent.body.report.proposal).toEqual({ name: 'Total Access Paris' });

    const pending = await queue();
    const row = pending.body.reports.find((r) => r.id === id);
    expect(row).toMatchObject({
      stationId: '75000001',
      kind: 'name',
      proposal: { name: 'Total Access Paris' },
      comment: 'Vu ce matin',
      reporter: alice.sub,
      station: { name: null, brand: null, address: '28 AVENUE MAURICE JARROSSON', town: 'Paris' },
    });
    // The queue is oldest first.
    const created = pending.body.reports.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort());

    const accepted = await decide(id, 'accept', { note: 'Confirmé sur place' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      effect: 'override',
      override: { stationId: '75000001', name: 'Total Access Paris', reportId: id },
      report: { id, status: 'accepted', decidedBy: admin.sub, note: 'Confirmé sur place' },
    });
    const overrides = await listNameOverrides(table);
    expect(overrides.get('75000001')).toMatchObject({ name: 'Total Access Paris', reportId: id });
    expect(overrides.get('75000001')).not.toHaveProperty('brand');

    expect((await queue()).body.reports.map((r) => r.id)).not.toContain(id);
    expect((await queue('accepted')).body.reports[0]).toMatchObject({ id, status: 'accepted' });

    const audit = await call<AdminAuditResponse>(admin.accessToken, 'GET', '/api/admin/audit?limit=5');
    expect(audit.body.entries.find((e) => e.target === id)).toMatchObject({
      action: 'report.accept',
      actor: { sub: admin.sub },
      result: 'ok',
      detail: { station: '75000001', kind: 'name', effect: 'override' },
    });
  });

  test('accepting a brand keeps the accepted name; a position moves the station', async () => {
    const brand = await report(bob, '75000001', { kind: 'brand', brand: 'TotalEnergies' });
    expect((await decide(brand.body.report.id, 'accept')).body.effect).toBe('override');
    const moved = await report(bob, '75000002', { kind: 'position', lat: 48.861, lon: 2.342 });
    expect((await decide(moved.body.report.id, 'accept')).body.override).toMatchObject({
      lat: 48.861,
      lon: 2.342,
    });
    const overrides = await listNameOverrides(table);
    expect(overrides.get('75000001')).toMatchObject({ name: 'Total Access Paris', brand: 'TotalEnergies' });
    expect(overrides.get('75000002')).toMatchObject({ stationId: '75000002', lat: 48.861, lon: 2.342 });
  });

  test('closed and price reports record the decision only', async () => {
    const closed = await report(bob, '75000002', { kind: 'closed', comment: 'Travaux' });
    const res = await decide(closed.body.report.id, 'accept');
    expect(res.body).toMatchObject({
      effect: 'decision-only',
      override: null,
      report: { status: 'accepted' },
    });
    expect((await listNameOverrides(table)).get('75000002')).not.toHaveProperty('name');
  });

  test('reject with a note: no override, and the rejected queue shows it newest first', async () => {
    const sent = await report(alice, '75000002', { kind: 'name', name: 'Chez Bébert' });
    const res = await decide(sent.body.report.id, 'reject', { note: 'Nom fantaisiste' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      effect: 'decision-only',
      override: null,
      report: { status: 'rejected', note: 'Nom fantaisiste' },
    });
    expect((await listNameOverrides(table)).get('75000002')?.name).toBeUndefined();
    expect((await queue('rejected')).body.reports[0]?.id).toBe(sent.body.report.id);
    expect((await decide(sent.body.report.id, 'accept', { note: 7 })).body.error?.field).toBe('note');
  });

  test('a report is decided once: a second decision is a 409, and of two at once exactly one wins', async () => {
    const one = await report(bob, '75000003', { kind: 'name', name: 'Station du Bac' });
    expect((await decide(one.body.report.id, 'reject')).status).toBe(200);
    const again = await decide(one.body.report.id, 'accept');
    expect([again.status, again.body.error?.code]).toEqual([409, 'conflict']);
    expect((await listNameOverrides(table)).has('75000003')).toBe(false);

    const two = await report(bob, '75000003', { kind: 'brand', brand: 'Esso' });
    const answers = await Promise.all([
      decide(two.body.report.id, 'accept'),
      decide(two.body.report.id, 'reject'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const status = answers.find((a) => a.status === 200)?.body.report.status;
    expect(((await listNameOverrides(table)).get('75000003')?.brand ?? null) === 'Esso').toBe(
      status === 'accepted',
    );
    // The refused decisions are in the audit, failed.
    const audit = await call<AdminAuditResponse>(admin.accessToken, 'GET', '/api/admin/audit?limit=10');
    expect(
      audit.body.entries.filter((e) => e.result === 'failed' && e.error?.code === 'conflict').length,
    ).toBe(2);
  });

  test('unknown or malformed report ids: 404 and 400; the cursor pages the queue', async () => {
    expect((await decide('0123456789abcdef', 'accept')).status).toBe(404);
    expect((await decide('nope', 'accept')).body.error?.field).toBe('id');
    expect((await queue('closed')).body.error?.field).toBe('status');
    const first = await queue('accepted', '&limit=2');
    expect(first.body.reports.length).toBe(2);
    expect(first.body.cursor).toEqual(expect.any(String));
    const next = await queue('accepted', `&limit=2&cursor=${first.body.cursor}`);
    const ids = [...first.body.reports, ...next.body.reports].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await queue('accepted', '&cursor=bm9wZQ')).body.error?.field).toBe('cursor');
  });
});

describe('limits', () => {
  test(`${REPORT_LIMITS.perUserPerDay} reports a day per account, then 429 with Retry-After`, async () => {
    const carol = await driver();
    for (let i = 0; i < REPORT_LIMITS.perUserPerDay; i++)
      expect((await report(carol, '75000003', { kind: 'closed' }, '127.0.0.2')).status).toBe(201);
    const refused = await report(carol, '75000003', { kind: 'closed' }, '127.0.0.2');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('throttled');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // From another address the account is still over its cap.
    expect((await report(carol, '75000003', { kind: 'closed' }, '127.0.0.3')).status).toBe(429);
  });

  test(`${REPORT_LIMITS.perIpPerDay} a day per address, whatever the accounts`, async () => {
    // 127.0.0.2 already sent 10 (the account case above): 20 more from two new accounts fill it.
    for (const _ of [1, 2]) {
      const d = await driver();
      for (let i = 0; i < 10; i++)
        expect((await report(d, '75000003', { kind: 'closed' }, '127.0.0.2')).status).toBe(201);
    }
    const fresh = await driver();
    const refused = await report(fresh, '75000003', { kind: 'closed' }, '127.0.0.2');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.message).toContain('from one address');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    // The same account from another address is fine: its own count was not touched.
    const elsewhere = await report(fresh, '75000003', { kind: 'closed' }, '127.0.0.4');
    expect([elsewhere.status, elsewhere.body.remainingToday]).toEqual([201, REPORT_LIMITS.perUserPerDay - 1]);
  });
});

describe('reports are the reporter’s data', () => {
  test('the export lists them with their status; erasure keeps them, anonymised', async () => {
    const dave = await driver();
    const sent = await report(dave, '75000002', {
      kind: 'brand',
      brand: 'Intermarché Contact',
      comment: 'Je suis Dave, 06 12 34 56 78',
    });
    await decide(sent.body.report.id, 'reject');
    const exp = await call<ExportResponse>(dave.accessToken, 'GET', '/api/me/export');
    expect(exp.body.reports).toEqual([
      expect.objectContaining({
        reportId: sent.body.report.id,
        stationId: '75000002',
        kind: 'brand',
        proposal: { brand: 'Intermarché Contact' },
        status: 'rejected',
      }),
    ]);
    expect(exp.body.reports[0]).not.toHaveProperty('decidedBy');
    // The day's counter is there too, under `other`.
    expect(exp.body.other).toEqual([expect.objectContaining({ count: 1 })]);

    expect((await call(dave.accessToken, 'DELETE', '/api/me')).status).toBe(204);
    const item = (
      await table.client.send(
        new GetCommand({ TableName: table.name, Key: keys.report(sent.body.report.id) }),
      )
    ).Item;
    expect(item).toMatchObject({ kind: 'brand', status: 'rejected', anonymisedAt: expect.any(String) });
    expect(item).not.toHaveProperty('reporter');
    expect(item).not.toHaveProperty('comment');
    expect(JSON.stringify(item)).not.toContain(dave.sub);
    const rejected = await queue('rejected', '&limit=100');
    expect(rejected.body.reports.find((r) => r.id === sent.body.report.id)).toMatchObject({
      reporter: null,
      comment: null,
    });
  });
});
