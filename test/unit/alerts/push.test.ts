import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  checkVapid,
  type PushService,
  type StoredPush,
  startPushService,
} from '#infra/local/push-service.ts';
import type { StationText } from '#shared/alerts/email-format.ts';
import type { EmailLine } from '#shared/alerts/match.ts';
import { type PushPayload, renderPushPayload, webPushSender } from '#shared/alerts/push.ts';
import { isPushEndpoint } from '#shared/alerts/push-endpoint.ts';
import { vapidKeysOf, vapidSubject } from '#shared/alerts/vapid.ts';
import type { StoredPushSubscription } from '#shared/db/push-subscriptions.ts';

/** Web Push delivery (shared/alerts/push.ts) against the local push service, which decrypts and checks VAPID. */
let service: PushService;
const keys = vapidKeysOf(randomBytes(32));
const SUBJECT = vapidSubject('Plein <alertes@plein.localhost>');

beforeAll(async () => {
  service = await startPushService();
});
afterAll(async () => {
  await service.stop();
});

async function device(applicationServerKey = keys.publicKey): Promise<StoredPushSubscription> {
  const res = await fetch(`${service.url}/subscriptions`, {
    method: 'POST',
    body: JSON.stringify({ applicationServerKey }),
  });
  const s = (await res.json()) as Omit<StoredPushSubscription, 'savedAt'>;
  return { endpoint: s.endpoint, keys: s.keys, savedAt: new Date().toISOString() };
}

const line = (over: Partial<EmailLine> = {}): EmailLine => ({
  stationId: '75000001',
  fuel: 'Gazole',
  price: 1.689,
  previous: 1.759,
  updatedAt: '2026-12-03T10:00:00+01:00',
  distanceKm: null,
  placeLabel: null,
  reasons: [],
  ...over,
});
const stations = new Map<string, StationText>([
  [
    '75000001',
    {
      title: 'Chez maman',
      address: '12 rue de Rivoli',
      town: 'Paris',
      ownName: 'Chez maman',
      osm: false,
      directions: null,
    },
  ],
]);
const payload: PushPayload = renderPushPayload({
  lines: [line()],
  more: 0,
  stations,
  siteUrl: 'http://localhost:3000',
}) as PushPayload;

describe('VAPID keys', () => {
  test('the public key is derived from the 32-byte secret, and the JWT web-push signs with them verifies', async () => {
    const secret = randomBytes(32);
    expect(vapidKeysOf(secret)).toEqual(vapidKeysOf(new Uint8Array(secret)));
    expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
    const seen: string[] = [];
    const sender = webPushSender({
      vapid: async () => keys,
      subject: SUBJECT,
      allowLoopback: true,
      fetch: async (url, init) => {
        seen.push(String((init?.headers as Record<string, string> | undefined)?.Authorization));
        return fetch(url, init);
      },
    });
    expect(await sender.send(await device(), payload)).toBe('delivered');
    const check = checkVapid(seen[0], service.url, Date.now());
    expect(check).toMatchObject({ k: keys.publicKey, claims: { aud: service.url, sub: SUBJECT } });
  });

  test('the subject is the sender address of the deployment, as a mailto: URL', () => {
    expect(vapidSubject('Plein <alertes@plein.example>')).toBe('mailto:alertes@plein.example');
    expect(vapidSubject('alertes@plein.example')).toBe('mailto:alertes@plein.example');
  });
});

describe('push endpoints', () => {
  test('https push services only; the loopback stand-in only when allowed', () => {
    expect(isPushEndpoint('https://fcm.googleapis.com/fcm/send/abc', false)).toBe(true);
    expect(isPushEndpoint('https://web.push.apple.com/QAbc', false)).toBe(true);
    for (const bad of [
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://127.0.0.1/push',
      'https://[::1]/push',
      'https://localhost/push',
      'https://user:pw@fcm.googleapis.com/x',
      'https://intranet/push',
      'ftp://fcm.googleapis.com/x',
      'not a url',
      'http://127.0.0.1:4000/push/x',
    ])
      expect(isPushEndpoint(bad, false), bad).toBe(false);
    expect(isPushEndpoint('http://127.0.0.1:4000/push/x', true)).toBe(true);
    expect(isPushEndpoint('http://127.0.0.1/push/x', true)).toBe(false);
    expect(isPushEndpoint('http://192.168.1.1:80/push/x', true)).toBe(false);
  });
});

describe('the notification', () => {
  test('names the station and price in French, links the station page, counts the others', () => {
    expect(payload).toEqual({
      title: 'Gazole (B7) à 1,689 €/L',
      body: 'Chez maman, Paris (avant 1,759 €/L)',
      url: 'http://localhost:3000/station/?id=75000001',
      stationId: '75000001',
      fuel: 'Gazole',
      price: 1.689,
    });
    const more = renderPushPayload({
      lines: [line(), line({ stationId: '2', price: 1.7, previous: null })],
      more: 3,
      stations,
      siteUrl: 'https://plein.example',
    });
    expect(more?.body).toBe('Chez maman, Paris (avant 1,759 €/L) · et 4 autres prix en baisse');
    expect(renderPushPayload({ lines: [], more: 0, stations, siteUrl: 'x' })).toBeNull();
  });
});

describe('webPushSender', () => {
  const sender = webPushSender({ vapid: async () => keys, subject: SUBJECT, allowLoopback: true });
  const messages = async (): Promise<StoredPush[]> =>
    ((await (await fetch(`${service.url}/store`)).json()) as { messages: StoredPush[] }).messages;

  test('delivered: the push service decrypts the payload with the device keys', async () => {
    await fetch(`${service.url}/clear-store`, { method: 'POST' });
    const d = await device();
    expect(await sender.send(d, payload)).toBe('delivered');
    const [m] = await messages();
    expect(JSON.parse(m?.payload ?? '{}')).toEqual(payload);
    expect(m?.subscriptionId).toBe(d.endpoint.split('/').pop());
    expect(m?.headers).toMatchObject({ urgency: 'high', ttl: 10_800 });
  });

  test('gone for 404 and 410, refused for another 4xx, failed for 5xx or no answer (retried once)', async () => {
    const d = await device();
    expect(await sender.send({ ...d, endpoint: `${service.url}/push/unknown` }, payload)).toBe('gone');
    await fetch(d.endpoint.replace('/push/', '/subscriptions/'), { method: 'DELETE' });
    expect(await sender.send(d, payload)).toBe('gone');
    // Subscribed with another application server key: 403, for good.
    expect(await sender.send(await device(vapidKeysOf(randomBytes(32)).publicKey), payload)).toBe('refused');
    // Over http without the local allowance: never requested.
    const strict = webPushSender({ vapid: async () => keys, subject: SUBJECT, allowLoopback: false });
    expect(await strict.send(await device(), payload)).toBe('refused');

    const calls: number[] = [];
    const flaky = (statuses: number[]) =>
      webPushSender({
        vapid: async () => keys,
        subject: SUBJECT,
        allowLoopback: true,
        sleep: async () => {},
        fetch: async (url, init) => {
          const status = statuses[calls.length] ?? 201;
          calls.push(status);
          return status === 201 ? fetch(url, init) : new Response(null, { status });
        },
      });
    expect(await flaky([503]).send(await device(), payload)).toBe('delivered');
    expect(calls).toEqual([503, 201]);
    calls.length = 0;
    expect(await flaky([500, 429]).send(await device(), payload)).toBe('failed');
    expect(calls).toEqual([500, 429]);
    const down = webPushSender({
      vapid: async () => keys,
      subject: SUBJECT,
      allowLoopback: true,
      sleep: async () => {},
    });
    expect(await down.send({ ...d, endpoint: 'http://127.0.0.1:1/push/x' }, payload)).toBe('failed');
  });
});
