import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import webPush from 'web-push';
import {
  checkVapid,
  type PushService,
  type StoredPush,
  startPushService,
} from '#infra/local/push-service.ts';

/**
 * The local push service (infra/local/push-service.ts) against what web-push really sends: its RFC 8291
 * encryption and RFC 8292 VAPID header (generateRequestDetails), delivered with fetch as the alerts do.
 */
let service: PushService;
const vapid = webPush.generateVAPIDKeys();
const other = webPush.generateVAPIDKeys();
const SUBJECT = 'mailto:alertes@plein.localhost';

beforeAll(async () => {
  service = await startPushService();
});
afterAll(async () => {
  await service.stop();
});

interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

async function subscribe(applicationServerKey?: string): Promise<Subscription> {
  const res = await fetch(`${service.url}/subscriptions`, {
    method: 'POST',
    body: applicationServerKey ? JSON.stringify({ applicationServerKey }) : '',
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Subscription;
}

function details(sub: Subscription, payload: string, keys = vapid) {
  return webPush.generateRequestDetails(sub, payload, {
    vapidDetails: { subject: SUBJECT, publicKey: keys.publicKey, privateKey: keys.privateKey },
    TTL: 3600,
    urgency: 'high',
  });
}

async function deliver(d: ReturnType<typeof details>, headers: Record<string, string | null> = {}) {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...d.headers, ...headers })) if (v !== null) h[k] = String(v);
  return fetch(d.endpoint, { method: 'POST', headers: h, body: d.body ? new Uint8Array(d.body) : undefined });
}

async function messages(): Promise<StoredPush[]> {
  return ((await (await fetch(`${service.url}/store`)).json()) as { messages: StoredPush[] }).messages;
}

/** An ES256 JWT signed with the web-push key pair, with the claims given. */
function jwt(claims: Record<string, unknown>, keys = vapid): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${enc({ typ: 'JWT', alg: 'ES256' })}.${enc(claims)}`;
  const pub = Buffer.from(keys.publicKey, 'base64url');
  const key = {
    kty: 'EC',
    crv: 'P-256',
    d: keys.privateKey,
    x: pub.subarray(1, 33).toString('base64url'),
    y: pub.subarray(33).toString('base64url'),
  };
  const sig = createSign('sha256')
    .update(data)
    .sign({ key, format: 'jwk', dsaEncoding: 'ieee-p1363' })
    .toString('base64url');
  return `${data}.${sig}`;
}

describe('the push service stand-in', () => {
  test('decrypts what web-push encrypts and keeps the checked VAPID claims', async () => {
    await fetch(`${service.url}/clear-store`, { method: 'POST' });
    const sub = await subscribe(vapid.publicKey);
    expect(sub.endpoint).toMatch(new RegExp(`^${service.url}/push/[\\w-]+$`));
    expect(Buffer.from(sub.keys.p256dh, 'base64url')).toHaveLength(65);
    expect(Buffer.from(sub.keys.auth, 'base64url')).toHaveLength(16);

    const payload = JSON.stringify({ title: 'Alerte prix', body: 'Gazole à 1,689 €/L' });
    const res = await deliver(details(sub, payload));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${service.url}/messages/`));
    const [stored] = await messages();
    expect(stored).toMatchObject({
      subscriptionId: sub.endpoint.split('/').pop(),
      payload,
      headers: { ttl: 3600, urgency: 'high', contentEncoding: 'aes128gcm' },
      vapid: { aud: service.url, sub: SUBJECT },
    });
  });

  test('RFC 8030: TTL is required, the body must be aes128gcm and decrypt with the subscription’s keys', async () => {
    const sub = await subscribe();
    expect((await deliver(details(sub, 'x'), { TTL: null })).status).toBe(400);
    expect((await deliver(details(sub, 'x'), { 'Content-Encoding': 'aesgcm' })).status).toBe(415);
    // Encrypted for another subscription's keys: it does not decrypt with this one's.
    const elsewhere = await subscribe();
    const d = details(elsewhere, 'x');
    expect((await deliver({ ...d, endpoint: sub.endpoint })).status).toBe(400);
    expect((await deliver(details(sub, 'x'))).status).toBe(201);
  });

  test('RFC 8292: a JWT not signed by k, for another audience, expired or too long-lived is a 401', async () => {
    const sub = await subscribe();
    const auth = (t: string, k = vapid.publicKey) => ({ Authorization: `vapid t=${t}, k=${k}` });
    const now = Math.floor(Date.now() / 1000);
    const good = { aud: service.url, exp: now + 3600, sub: SUBJECT };
    expect((await deliver(details(sub, 'x'), auth(jwt(good)))).status).toBe(201);
    expect((await deliver(details(sub, 'x'), auth(jwt(good, other)))).status).toBe(401);
    expect((await deliver(details(sub, 'x'), auth(jwt(good), other.publicKey))).status).toBe(401);
    expect(
      (await deliver(details(sub, 'x'), auth(jwt({ ...good, aud: 'https://fcm.googleapis.com' })))).status,
    ).toBe(401);
    expect((await deliver(details(sub, 'x'), auth(jwt({ ...good, exp: now - 1 })))).status).toBe(401);
    expect((await deliver(details(sub, 'x'), auth(jwt({ ...good, exp: now + 25 * 3600 })))).status).toBe(401);
    expect((await deliver(details(sub, 'x'), { Authorization: null })).status).toBe(401);
    const tampered = jwt(good).replace(
      /\.[^.]+\./,
      `.${Buffer.from(JSON.stringify({ ...good, aud: 'x' })).toString('base64url')}.`,
    );
    expect((await deliver(details(sub, 'x'), auth(tampered))).status).toBe(401);
  });

  test('a subscription restricted to one application server key refuses another (403)', async () => {
    const sub = await subscribe(vapid.publicKey);
    expect((await deliver(details(sub, 'x', other))).status).toBe(403);
  });

  test('an unknown subscription is a 404, a removed one a 410', async () => {
    const sub = await subscribe();
    expect((await deliver({ ...details(sub, 'x'), endpoint: `${service.url}/push/nobody` })).status).toBe(
      404,
    );
    const id = sub.endpoint.split('/').pop();
    expect((await fetch(`${service.url}/subscriptions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await deliver(details(sub, 'x'))).status).toBe(410);
  });

  test('checkVapid names what is wrong', () => {
    const now = Date.now();
    const good = { aud: 'http://127.0.0.1:1', exp: Math.floor(now / 1000) + 60 };
    expect(checkVapid(`vapid t=${jwt(good)}, k=${vapid.publicKey}`, good.aud, now)).toMatchObject({
      k: vapid.publicKey,
    });
    expect(checkVapid('WebPush abc', good.aud, now)).toEqual({ error: expect.stringMatching(/vapid/) });
    expect(checkVapid(`vapid t=${jwt(good)}, k=AAAA`, good.aud, now)).toEqual({
      error: 'vapid: k is not a P-256 public key',
    });
  });
});
