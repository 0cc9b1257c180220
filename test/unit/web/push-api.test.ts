import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

/**
 * web/src/lib/push-api.ts (issue 19) through the site's API client: the routes, methods, bodies and the
 * access token it sends. Browser globals are stand-ins: a signed-in tab's sessionStorage, and a fetch that
 * records each request and answers as the API does.
 */
const calls: { url: string; method: string; auth: string | null; body: unknown }[] = [];

beforeAll(() => {
  const store = new Map<string, string>([
    [
      'plein.config',
      JSON.stringify({
        apiBase: '/api',
        userPoolClientId: 'client',
        cognitoEndpoint: 'http://cognito.test/',
      }),
    ],
    [
      'plein.session',
      JSON.stringify({ accessToken: 'tok', idToken: 'id', expiresAt: Date.now() + 3_600_000 }),
    ],
  ]);
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
    removeItem: (k: string) => store.delete(k),
  };
  vi.stubGlobal('sessionStorage', storage);
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('location', { origin: 'https://plein.test' });
  vi.stubGlobal('window', { dispatchEvent: () => true });
  vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({
      url: String(url),
      method: init.method ?? 'GET',
      auth: headers.authorization ?? null,
      body: init.body ? JSON.parse(String(init.body)) : null,
    });
    if (init.method === 'DELETE') return new Response(null, { status: 204 });
    if (String(url).endsWith('/push/key')) return Response.json({ publicKey: 'BPk' });
    return Response.json(
      { endpoint: 'https://push.test/1', created: true, count: 1, limit: 5 },
      { status: 201 },
    );
  });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('push-api', () => {
  test('reads the key without a token, saves and removes the subscription with it', async () => {
    const { deletePushSubscription, pushKey, savePushSubscription } = await import(
      '../../../web/src/lib/push-api.ts'
    );
    expect(await pushKey()).toEqual({ publicKey: 'BPk' });
    const subscription = { endpoint: 'https://push.test/1', keys: { p256dh: 'BAA', auth: 'AAA' } };
    expect(await savePushSubscription(subscription)).toMatchObject({ created: true, limit: 5 });
    await deletePushSubscription('https://push.test/1?a=b');
    expect(calls).toEqual([
      { url: 'https://plein.test/api/push/key', method: 'GET', auth: null, body: null },
      { url: 'https://plein.test/api/me/push-subscriptions', method: 'PUT', auth: 'tok', body: subscription },
      {
        url: 'https://plein.test/api/me/push-subscriptions',
        method: 'DELETE',
        auth: 'tok',
        body: { endpoint: 'https://push.test/1?a=b' },
      },
    ]);
  });
});
