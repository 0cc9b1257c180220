import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '#infra/local/ports.ts';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { AlertSendError } from '#shared/alerts/evaluate.ts';
import { getAlertRun } from '#shared/db/alert-delivery.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { claimDigest } from '#shared/db/digest.ts';
import type { IngestRun } from '#shared/db/runs.ts';
import { parisLocalDateTime } from '#shared/domain/time.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { FIXED_CODE, newUser, type Pool } from '../helpers/cognito.ts';
import { eventually } from '../helpers/eventually.ts';
import { smallFeedXml, zipXml } from '../helpers/ingest/feeds.ts';
import { quietIngestDeps, startApiProduct } from '../helpers/product.ts';

// SES unavailable during the price alerts (docs/RELIABILITY.md, docs/ALERTS.md "Sending"). The alerts function
// runs in this process (local Lambda endpoint); its SES client resolves AWS_ENDPOINT_URL_SES once, at its first
// request, so the variable points at a port of ours for the whole file: nothing listens there while SES is
// "down" (every SendRawEmail, the mailer's own retries included, fails with ECONNREFUSED), and a TCP forwarder
// to aws-ses-v2-local listens there once SES is "back". The evaluation must release the claim and throw
// (Lambda's async retry); the retry after SES returns sends exactly one email, and a further retry nothing.
process.env.CODE = FIXED_CODE;

// That address is on 127.0.0.2 (all of 127/8 is loopback on Linux), where nothing else in the suite listens:
// a port of 127.0.0.1 left unbound for the whole outage could meanwhile be picked by another test file's
// emulators (freePort), which would then answer in SES's place.
const SES_FAULT_HOST = '127.0.0.2';

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dataDir: string;
let sesEndpoint: string;
let sesPort: number;
let forwarder: Server | undefined;
let rejecting: HttpServer | undefined;
const forwarded = new Set<Socket>();
let evaluate: (event: unknown) => Promise<Record<string, number>>;
let sub: string;
let call: (method: string, path: string, body?: unknown) => Promise<Response>;
const db = createDocumentClient();
const EMAIL = 'ses-fault@example.com';

let feedNo = 0;
async function ingest(gazole: string): Promise<IngestRun> {
  const maj = parisLocalDateTime(Date.now() - 20 * 60_000).replace('T', ' ');
  const xml = smallFeedXml([
    { id: '75000001', prices: [{ id: 1, nom: 'Gazole', valeur: gazole }] },
    { id: '75000002' },
  ]).replaceAll('2025-07-28 15:00:04', maj);
  const path = join(dataDir, `feed-${++feedNo}.zip`);
  await writeFile(path, zipXml(xml));
  return runIngest(quietIngestDeps(product, db), { sources: [path], trigger: 'test' });
}

function evaluation(runId: string): Promise<Record<string, unknown>> {
  return eventually(
    `the alerts evaluation of ${runId}`,
    () => getAlertRun(openTable(product.resources.tableName, db), runId),
    { ms: 20_000, everyMs: 50 },
  );
}

async function mailbox(): Promise<{ destination: { to: string[] }; subject: string }[]> {
  const res = await fetch(`${product.endpoints.ses}/store`);
  return ((await res.json()) as { emails: { destination: { to: string[] }; subject: string }[] }).emails;
}

beforeAll(async () => {
  let pool: Pool;
  ({ product, dataDir, pool, stop } = await startApiProduct('faults-ses'));
  sesEndpoint = process.env.AWS_ENDPOINT_URL_SES as string;
  expect(sesEndpoint).toBe(product.endpoints.ses);
  sesPort = await freePort();
  process.env.AWS_ENDPOINT_URL_SES = `http://${SES_FAULT_HOST}:${sesPort}`; // down until `sesBack()`
  ({ handler: evaluate } = (await import('#functions/alerts/evaluate.ts')) as unknown as {
    handler: typeof evaluate;
  });
  expect((await ingest('1.759')).alerts).toBe('no-previous-run');
  const user = await newUser(pool, EMAIL, 'Sophie');
  sub = user.sub;
  call = (method: string, path: string, body?: unknown) =>
    fetch(`${product.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  expect((await call('PUT', '/api/me/favourites/75000001')).status).toBe(201);
  const alerts = await call('PUT', '/api/me/alerts', {
    enabled: true,
    rules: [{ fuel: 'Gazole', maxPrice: 1.7, scope: { kind: 'favourites' } }],
  });
  expect(alerts.status).toBe(200);
}, 120_000);

/** SES reachable again at the address the alerts function uses: a TCP forwarder to the emulator. */
async function sesBack(): Promise<void> {
  const target = new URL(sesEndpoint);
  forwarder = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    forwarded.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((ok, ko) => {
    forwarder?.once('error', ko);
    forwarder?.listen(sesPort, SES_FAULT_HOST, ok);
  });
}

afterAll(async () => {
  if (sesEndpoint) process.env.AWS_ENDPOINT_URL_SES = sesEndpoint;
  forwarder?.close();
  rejecting?.close();
  rejecting?.closeAllConnections();
  for (const s of forwarded) s.destroy();
  await stop?.();
});

describe('SES unavailable during the alerts evaluation', () => {
  test('no email and a reported failure while SES is down; the retry after it returns sends exactly one (lost: nothing)', async () => {
    await fetch(`${product.endpoints.ses}/clear-store`, { method: 'POST' });
    // The ingest's hook invokes the alerts function asynchronously (as in AWS); with SES refusing
    // connections it records the run with one failed send (claim released) and throws.
    const run = await ingest('1.689');
    expect(run.status).toBe('succeeded');
    const changesKey = (run.alerts as { changesKey: string }).changesKey;
    expect(await evaluation(run.runId)).toMatchObject({ sent: 0, failed: 1, duplicates: 0 });

    // The same evaluation called directly (what Lambda's first async retry does) while SES is still down:
    // it throws AlertSendError (so Lambda retries) reporting one failure, in bounded time.
    const started = Date.now();
    const failure = await evaluate({ runId: run.runId, changesKey }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AlertSendError);
    expect((failure as AlertSendError).failed).toBe(1);
    expect(Date.now() - started, 'bounded: the mailer gives up after its 4 attempts').toBeLessThan(15_000);
    expect(await mailbox()).toEqual([]);

    // SES is back: the retry sends the one email that was not sent.
    await sesBack();
    expect(await evaluate({ runId: run.runId, changesKey })).toMatchObject({ sent: 1, failed: 0 });
    const emails = await mailbox();
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toEqual([EMAIL]);
    expect(emails[0]?.subject).toContain('Alerte prix');

    // A further retry (Lambda's second) sends nothing more: the prices are recorded as notified.
    const again = await evaluate({ runId: run.runId, changesKey });
    expect(again).toMatchObject({ sent: 0, failed: 0, repeatsOnly: 1 });
    expect(await mailbox()).toHaveLength(1);
  });
});

// The SES sandbox rejects a send to an unverified recipient: HTTP 400, error code MessageRejected. The local
// SES (aws-ses-v2-local) accepts every message and cannot answer that, so an HTTP server of ours answers
// every SendRawEmail at the address the alerts function uses with the error document SES sends; the real SDK
// parses it into its MessageRejected exception. Counting the requests tells what was (not) retried.
const REJECTION = `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>
<Code>MessageRejected</Code><Message>Email address is not verified. The following identities failed the check
in region EU-WEST-3: ${EMAIL}</Message></Error><RequestId>0f6c1a8e-rejected</RequestId></ErrorResponse>`;

async function sesRejects(): Promise<{ sends: () => number }> {
  forwarder?.close();
  for (const s of forwarded) s.destroy();
  let sends = 0;
  rejecting = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
    });
    req.on('end', () => {
      if (body.includes('Action=SendRawEmail')) sends++;
      res.writeHead(400, { 'content-type': 'text/xml' }).end(REJECTION);
    });
  });
  await new Promise<void>((ok, ko) => {
    rejecting?.once('error', ko);
    rejecting?.listen(sesPort, SES_FAULT_HOST, ok);
  });
  return { sends: () => sends };
}

describe('SES rejects the message (sandbox: unverified recipient)', () => {
  test('recorded once as rejected, no throw (no Lambda retry, no DLQ), and not tried again by the next ingest', async () => {
    const ses = await sesRejects();
    const run = await ingest('1.659');
    expect(run.status).toBe('succeeded');
    const changesKey = (run.alerts as { changesKey: string }).changesKey;
    expect(await evaluation(run.runId)).toMatchObject({ sent: 0, rejected: 1, failed: 0 });
    expect(ses.sends(), 'one attempt: a rejection is not retried by the mailer').toBe(1);

    // What Lambda's retry would do, had the function thrown: it does not throw, and sends nothing more.
    const again = await evaluate({ runId: run.runId, changesKey });
    expect(again).toMatchObject({ sent: 0, rejected: 0, failed: 0, duplicates: 1 });

    // The next ingest brings a new low for that user: not tried again today, counted as such.
    const next = await ingest('1.639');
    expect(await evaluation(next.runId)).toMatchObject({
      sent: 0,
      rejected: 0,
      rejectedEarlier: 1,
      failed: 0,
    });
    expect(ses.sends()).toBe(1);
  });

  test('the weekly digest counts the rejection and keeps the week’s claim (nothing to retry)', async () => {
    expect((await call('PUT', '/api/me', { fuels: ['Gazole'] })).status).toBe(200);
    const alerts = await call('PUT', '/api/me/alerts', {
      rules: [{ fuel: 'Gazole', maxPrice: 1.7, scope: { kind: 'favourites' } }],
      digest: true,
    });
    expect(alerts.status).toBe(200);
    const { handler: digest } = (await import('#functions/alerts/digest.ts')) as unknown as {
      handler: (event: unknown) => Promise<{ status: string; counts: Record<string, number> }>;
    };
    const week = '2030-01-07';
    expect(await digest({ week })).toMatchObject({
      status: 'finished',
      counts: { users: 1, sent: 0, rejected: 1, failed: 0 },
    });
    expect(
      await claimDigest(openTable(product.resources.tableName, db), sub, week),
      'the claim was kept: a re-run of the week would not try again',
    ).toBe(false);
  });
});
