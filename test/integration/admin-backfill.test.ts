import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type {
  AdminAuditResponse,
  AdminBackfillResponse,
  AdminBackfillStartResponse,
  AdminBackfillYear,
} from '#shared/api/admin-types.ts';
import { readPointer } from '#shared/history/store.ts';
import { createS3Client } from '#shared/s3.ts';
import { FIXED_CODE, makeAdmin, newUser, signIn, type Tokens } from '../helpers/cognito.ts';
import { eventually } from '../helpers/eventually.ts';
import { type ApiProduct, startApiProduct } from '../helpers/product.ts';
import { buildYearly, type YearlyFile } from '../helpers/yearly.ts';

/**
 * Issue 18, the backfill job as the admin console drives it: `POST /api/admin/backfill` starts the state
 * machine (the local Step Functions stand-in, the definition CDK deploys) over two years whose archives a
 * loopback server serves through BACKFILL_URL_TEMPLATE: 2023 a valid yearly ZIP (test/helpers/yearly.ts),
 * 2022 an HTML page (what a moved or broken download URL answers). `GET /api/admin/backfill` is polled until
 * the execution ends: 2023 is committed with the fixture's counts, 2022 failed saying why, without a pointer.
 */
process.env.CODE = FIXED_CODE;

const GOOD = 2023;
const HTML = 2022;

let api: ApiProduct;
let yearly: YearlyFile;
let archives: Server;
let admin: Tokens;
let driver: Tokens;
const served: string[] = [];

beforeAll(async () => {
  [yearly, api] = await Promise.all([buildYearly(), startApiProduct('admin-backfill')]);
  archives = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url === `/${GOOD}`) {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.end(yearly.bytes);
    } else if (req.url === `/${HTML}`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!DOCTYPE html>\n<html lang="fr"><head><title>Maintenance</title></head><body>…</body></html>',
      );
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => archives.listen(0, '127.0.0.1', resolve));
  // The backfill function runs in this process (the local Lambda service) and reads it at each download.
  process.env.BACKFILL_URL_TEMPLATE = `http://127.0.0.1:${(archives.address() as AddressInfo).port}/{year}`;
  driver = await newUser(api.pool, 'driver@example.com', 'Driver');
  await newUser(api.pool, 'root@example.com', 'Root');
  await makeAdmin(api.pool, 'root@example.com');
  admin = await signIn(api.pool, 'root@example.com');
});

afterAll(async () => {
  delete process.env.BACKFILL_URL_TEMPLATE;
  await api?.stop();
  await new Promise((resolve) => (archives ? archives.close(resolve) : resolve(undefined)));
  await yearly?.remove();
});

async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${api.product.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string } } };
}

const yearOf = (state: AdminBackfillResponse, year: number) =>
  state.years.find((y) => y.year === year) as AdminBackfillYear;

describe('the backfill through the admin routes', () => {
  test('a non-admin is refused both routes', async () => {
    expect((await call(driver.accessToken, 'GET', '/api/admin/backfill')).status).toBe(403);
    const start = await call(driver.accessToken, 'POST', '/api/admin/backfill', { from: HTML, to: GOOD });
    expect(start.status).toBe(403);
    expect(served).toEqual([]);
  });

  test('two years: the ZIP committed with its counts, the HTML page failed with its reason', async () => {
    const before = await call<AdminBackfillResponse>(admin.accessToken, 'GET', '/api/admin/backfill');
    expect(before.status).toBe(200);
    expect(before.body.running).toBeNull();
    expect(before.body.years[0]?.year).toBe(2007);
    for (const y of [HTML, GOOD])
      expect(yearOf(before.body, y)).toEqual({ year: y, run: null, committed: null });

    const start = await call<AdminBackfillStartResponse>(admin.accessToken, 'POST', '/api/admin/backfill', {
      from: HTML,
      to: GOOD,
    });
    expect(start.status).toBe(202);
    expect(start.body.execution).toMatchObject({ status: 'RUNNING', years: [HTML, GOOD], stopDate: null });

    // One execution at a time: the 10,000-station year takes seconds, so this one is refused while it runs.
    const again = await call(admin.accessToken, 'POST', '/api/admin/backfill', { from: GOOD });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('backfill_running');
    const during = await call<AdminBackfillResponse>(admin.accessToken, 'GET', '/api/admin/backfill');
    expect(during.body.running?.executionArn).toBe(start.body.execution.executionArn);
    expect(during.body.running?.years).toEqual([HTML, GOOD]);

    const after = await eventually(
      'the execution to end',
      async () => {
        const res = await call<AdminBackfillResponse>(admin.accessToken, 'GET', '/api/admin/backfill');
        return res.body.running === null ? res.body : undefined;
      },
      { ms: 120_000, everyMs: 500 },
    );
    expect(served.sort()).toEqual([`/${HTML}`, `/${GOOD}`]);

    let changes = 0;
    for (const byFuel of yearly.expected.values()) for (const list of byFuel.values()) changes += list.length;
    const good = yearOf(after, GOOD);
    expect(good.run).toMatchObject({
      status: 'succeeded',
      outcome: 'written',
      sourceBytes: yearly.bytes.length,
      stations: yearly.expected.size,
      changes,
      error: null,
    });
    expect(good.committed).toMatchObject({
      sourceSha256: createHash('sha256').update(yearly.bytes).digest('hex'),
      stations: yearly.expected.size,
      changes,
    });

    const html = yearOf(after, HTML);
    expect(html.run?.status).toBe('failed');
    // The state machine's Catch records it again: the reason's own code, not Lambda's errorType (FeedError).
    expect(html.run?.error?.code).toBe('NOT_A_ZIP');
    expect(html.run?.error?.message).toMatch(
      /^NOT_A_ZIP: http:\/\/127\.0\.0\.1:\d+\/2022 is not a ZIP: an HTML page$/,
    );
    expect(html.run?.finishedAt).not.toBeNull();
    expect(html.committed).toBeNull();
    const store = { s3: createS3Client(), bucket: api.product.resources.buckets.data };
    expect(await readPointer(store, HTML)).toBeNull();
    expect((await readPointer(store, GOOD))?.generation).toBe(good.committed?.generation);

    // The start is audited with its range; the refused one is not an action.
    const audit = await call<AdminAuditResponse>(admin.accessToken, 'GET', '/api/admin/audit');
    const starts = audit.body.entries.filter((e) => e.action === 'backfill.start');
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ result: 'ok', detail: { from: HTML, to: GOOD } });
  });
});
