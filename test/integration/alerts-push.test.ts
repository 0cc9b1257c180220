import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StoredPush } from '#infra/local/push-service.ts';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { PushPayload } from '#shared/alerts/push.ts';
import type { AlertRuleInput, AlertsResponse } from '#shared/api/alert-types.ts';
import type { PushKeyResponse, PushSubscriptionInput } from '#shared/api/push-types.ts';
import { createDocumentClient } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import type { IngestRun } from '#shared/db/runs.ts';
import { parisLocalDateTime } from '#shared/domain/time.ts';
import { FIXED_CODE, newUser, type Pool, type Tokens } from '../helpers/cognito.ts';
import { zipXml } from '../helpers/ingest/feeds.ts';
import { alertEvaluation, ingestAndEvaluate, startApiProduct } from '../helpers/product.ts';

/**
 * Web Push alerts end to end on the local stack (issue 19): subscriptions made by the local push service (as a
 * browser's would be, restricted to the deployment's VAPID key), saved through the API, a real ingest whose
 * hook invokes the alerts function, and the push service decrypting what it was sent with the subscription's
 * keys — as the SES stand-in lets alerts.test.ts read the emails.
 */
process.env.CODE = FIXED_CODE;

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dataDir: string;
let pool: Pool;
const db = createDocumentClient();

const BASE = {
  '75000001': {
    lat: 48.86,
    lon: 2.35,
    town: 'Paris',
    address: '12 rue de Rivoli',
    cp: '75001',
    gazole: 1.759,
  },
  '75000002': {
    lat: 48.87,
    lon: 2.33,
    town: 'Paris',
    address: '3 boulevard Haussmann',
    cp: '75009',
    gazole: 1.779,
  },
};
type Feed = typeof BASE;
let feedNo = 0;

async function ingest(feed: Feed, minutesAgo = 30): Promise<IngestRun> {
  const maj = parisLocalDateTime(Date.now() - minutesAgo * 60_000).replace('T', ' ');
  const pdv = Object.entries(feed).map(
    ([id, s]) =>
      `<pdv id="${id}" latitude="${Math.round(s.lat * 100000)}" longitude="${Math.round(s.lon * 100000)}" cp="${s.cp}" pop="R">` +
      `<adresse>${s.address}</adresse><ville>${s.town}</ville>` +
      `<prix nom="Gazole" id="1" maj="${maj}" valeur="${s.gazole.toFixed(3)}"/></pdv>`,
  );
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>\n<pdv_liste>\n${pdv.join('\n')}\n</pdv_liste>\n`;
  const path = join(dataDir, `feed-${++feedNo}.zip`);
  await writeFile(path, zipXml(xml));
  return ingestAndEvaluate(product, path, db);
}

const evaluation = (runId: string) => alertEvaluation(product, runId, db);

async function api<T = unknown>(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${product.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A subscription as a browser makes one: from the push service, for the deployment's application server key. */
async function browserSubscription(applicationServerKey: string): Promise<PushSubscriptionInput> {
  const res = await fetch(`${product.endpoints.push}/subscriptions`, {
    method: 'POST',
    body: JSON.stringify({ applicationServerKey }),
  });
  return (await res.json()) as PushSubscriptionInput;
}
const idOf = (s: PushSubscriptionInput) => s.endpoint.split('/').pop() as string;

async function delivered(): Promise<StoredPush[]> {
  return ((await (await fetch(`${product.endpoints.push}/store`)).json()) as { messages: StoredPush[] })
    .messages;
}
async function mailbox(): Promise<{ destination: { to: string[] } }[]> {
  return ((await (await fetch(`${product.endpoints.ses}/store`)).json()) as { emails: never[] }).emails;
}

async function savedEndpoints(sub: string): Promise<string[]> {
  const res = await db.send(
    new GetCommand({
      TableName: product.resources.tableName,
      Key: keys.pushSubscriptions(sub),
      ConsistentRead: true,
    }),
  );
  return Object.values((res.Item?.subs ?? {}) as Record<string, { endpoint: string }>)
    .map((s) => s.endpoint)
    .sort();
}

const rule = (channel: AlertRuleInput['channel']): AlertRuleInput => ({
  fuel: 'Gazole',
  maxPrice: 1.7,
  scope: { kind: 'favourites' },
  channel,
});
type User = Tokens & { sub: string; email: string };
const users: Record<'paul' | 'bea' | 'gus' | 'lou' | 'ivy', User> = {} as never;
let publicKey = '';
const devices: Record<string, PushSubscriptionInput> = {};

beforeAll(async () => {
  ({ product, dataDir, pool, stop } = await startApiProduct('alerts-push'));
  expect((await ingest(BASE)).status).toBe('succeeded'); // publishes the stations, nothing to compare yet

  const key = await api<PushKeyResponse>(null, 'GET', '/api/push/key');
  expect(key.status).toBe(200);
  publicKey = key.body.publicKey;

  for (const name of ['paul', 'bea', 'gus', 'lou', 'ivy'] as const) {
    const email = `${name}@example.com`;
    users[name] = { ...(await newUser(pool, email, name)), email };
    expect((await api(users[name].accessToken, 'PUT', '/api/me/favourites/75000001')).status).toBe(201);
  }
  const setRules = async (name: keyof typeof users, rules: AlertRuleInput[]) => {
    const res = await api<AlertsResponse>(users[name].accessToken, 'PUT', '/api/me/alerts', {
      enabled: true,
      rules,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  expect((await setRules('paul', [rule('push')])).rules[0]?.channel).toBe('push');
  await setRules('bea', [rule('both')]);
  await setRules('gus', [rule('push')]);
  await setRules('lou', [rule('push')]); // no device: nothing can be sent to her
  await setRules('ivy', [rule('both')]); // her only device's push service is down (below)
  // paul and bea: one device each; gus: a phone and a laptop, the laptop's subscription revoked before the run.
  for (const [device, owner] of [
    ['paul', 'paul'],
    ['bea', 'bea'],
    ['gusPhone', 'gus'],
    ['gusLaptop', 'gus'],
  ] as const) {
    devices[device] = await browserSubscription(publicKey);
    const res = await api(users[owner].accessToken, 'PUT', '/api/me/push-subscriptions', devices[device]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  // ivy's device: valid keys, but nothing listens where its push service should be (connection refused).
  devices.ivy = { ...(await browserSubscription(publicKey)), endpoint: 'http://127.0.0.1:1/push/down' };
  expect((await api(users.ivy.accessToken, 'PUT', '/api/me/push-subscriptions', devices.ivy)).status).toBe(
    201,
  );
}, 120_000);

afterAll(async () => {
  await stop?.();
});

describe('the public key and the subscriptions API', () => {
  test('the key is a P-256 public key; the same one signs every push (checked by the push service)', () => {
    const point = Buffer.from(publicKey, 'base64url');
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(4);
  });

  test('bad input is a 400 naming the field; the same endpoint again is a 200; the 6th device a 400 limit', async () => {
    const t = users.paul.accessToken;
    const device = await browserSubscription(publicKey);
    const field = async (body: unknown) =>
      (await api<{ error: { code: string; field: string } }>(t, 'PUT', '/api/me/push-subscriptions', body))
        .body.error;
    expect(await field({ ...device, endpoint: 'http://push.example.com/x' })).toMatchObject({
      code: 'invalid',
      field: 'endpoint',
    });
    expect(await field({ ...device, endpoint: 'https://169.254.169.254/latest' })).toMatchObject({
      field: 'endpoint',
    });
    expect(await field({ ...device, keys: { ...device.keys, p256dh: 'AAAA' } })).toMatchObject({
      field: 'keys.p256dh',
    });
    expect(await field({ ...device, keys: { p256dh: device.keys.p256dh } })).toMatchObject({
      field: 'keys.auth',
    });
    expect(await field({ ...device, userId: 'someone-else' })).toMatchObject({ field: 'userId' });
    expect((await api(null, 'PUT', '/api/me/push-subscriptions', device)).status).toBe(401);

    // paul has 1 device; 4 more fit, the same endpoint again changes nothing, a 6th does not fit.
    const more = [device, ...(await Promise.all([1, 2, 3].map(() => browserSubscription(publicKey))))];
    for (const [i, d] of more.entries()) {
      const res = await api<{ count: number }>(t, 'PUT', '/api/me/push-subscriptions', d);
      expect(res).toMatchObject({ status: 201, body: { count: i + 2 } });
    }
    expect(await api(t, 'PUT', '/api/me/push-subscriptions', more[0])).toMatchObject({
      status: 200,
      body: { created: false, count: 5, limit: 5 },
    });
    expect(await field(await browserSubscription(publicKey))).toMatchObject({
      code: 'limit',
      field: 'endpoint',
    });
    expect(await savedEndpoints(users.paul.sub)).toHaveLength(5);

    // Removing them again (by endpoint, idempotent) leaves paul's first device only.
    for (const d of more) {
      const body = { endpoint: d.endpoint };
      expect((await api(t, 'DELETE', '/api/me/push-subscriptions', body)).status).toBe(204);
      expect((await api(t, 'DELETE', '/api/me/push-subscriptions', body)).status).toBe(204);
    }
    expect(await savedEndpoints(users.paul.sub)).toEqual([devices.paul?.endpoint]);
  });
});

describe('a price drop at a favourite', () => {
  let payloads: Map<string, PushPayload[]>;
  let record: Record<string, unknown>;

  beforeAll(async () => {
    await fetch(`${product.endpoints.push}/clear-store`, { method: 'POST' });
    await fetch(`${product.endpoints.ses}/clear-store`, { method: 'POST' });
    // gus revokes the permission on his laptop: its push service now answers 410.
    await fetch(
      `${product.endpoints.push}/subscriptions/${idOf(devices.gusLaptop as PushSubscriptionInput)}`,
      {
        method: 'DELETE',
      },
    );
    // A: 1.759 → 1.689, at or below everyone's 1.70.
    const run = await ingest({ ...BASE, '75000001': { ...BASE['75000001'], gazole: 1.689 } }, 20);
    expect(run.status).toBe('succeeded');
    record = await evaluation(run.runId);
    payloads = new Map();
    for (const m of await delivered()) {
      const list = payloads.get(m.subscriptionId) ?? [];
      list.push(JSON.parse(m.payload) as PushPayload);
      payloads.set(m.subscriptionId, list);
    }
  });

  test('each push device gets one notification naming the station and the price, signed with the key', async () => {
    const expected: PushPayload = {
      title: 'Gazole (B7) à 1,689 €/L',
      body: expect.stringMatching(/Paris \(avant 1,759 €\/L\)$/) as unknown as string,
      url: `${product.url}/station/?id=75000001`,
      stationId: '75000001',
      fuel: 'Gazole',
      price: 1.689,
    };
    for (const d of ['paul', 'bea', 'gusPhone'])
      expect(payloads.get(idOf(devices[d] as PushSubscriptionInput)), d).toEqual([expected]);
    const messages = await delivered();
    expect(messages).toHaveLength(3);
    for (const m of messages) {
      expect(m.vapid).toMatchObject({
        k: publicKey,
        aud: product.endpoints.push,
        sub: 'mailto:alertes@plein.localhost',
      });
      expect(m.headers).toMatchObject({ urgency: 'high', contentEncoding: 'aes128gcm' });
    }
    expect(record).toMatchObject({ pushed: 3, pushGone: 1, noDevice: 1, pushFailed: 1, failed: 0 });
  });

  test('an email only for the rules on both channels', async () => {
    const emails = await mailbox();
    expect(emails.flatMap((e) => e.destination.to).sort()).toEqual([users.bea.email, users.ivy.email].sort());
    expect(record).toMatchObject({ sent: 2 });
  });

  test('push down but the email sent: the claim is kept and the price recorded (no retry would repeat the email)', async () => {
    expect(record).toMatchObject({ partial: 1 });
    const items = async (prefix: string) =>
      (
        await db.send(
          new QueryCommand({
            TableName: product.resources.tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
            ExpressionAttributeValues: { ':pk': `USER#${users.ivy.sub}`, ':p': prefix },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [];
    expect(await items('ALERT#')).toEqual([expect.objectContaining({ stationId: '75000001', price: 1.689 })]);
    const [day] = await items('ALERTDAY#');
    expect(day?.sent).toBe(1);
    // The device is kept: a push service that is down has not said the subscription is gone.
    expect(await savedEndpoints(users.ivy.sub)).toEqual([devices.ivy?.endpoint]);
  });

  test('the revoked device (410) was removed from the table, the other one kept', async () => {
    expect(await savedEndpoints(users.gus.sub)).toEqual([devices.gusPhone?.endpoint]);
  });
});

describe('the account', () => {
  test('the export lists the devices; erasing the account erases them', async () => {
    const t = users.bea.accessToken;
    const exported = await api<{ other: { subs?: Record<string, { endpoint: string }> }[] }>(
      t,
      'GET',
      '/api/me/export',
    );
    expect(exported.status).toBe(200);
    const subs = exported.body.other.find((i) => i.subs)?.subs ?? {};
    expect(Object.values(subs).map((s) => s.endpoint)).toEqual([devices.bea?.endpoint]);

    expect((await api(t, 'DELETE', '/api/me')).status).toBe(204);
    expect(await savedEndpoints(users.bea.sub)).toEqual([]);
    const item = await db.send(
      new GetCommand({ TableName: product.resources.tableName, Key: keys.pushSubscriptions(users.bea.sub) }),
    );
    expect(item.Item).toBeUndefined();
  });
});
