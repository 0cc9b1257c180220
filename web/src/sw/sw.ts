/// <reference lib="webworker" />
/**
 * The service worker (issue 19), built from Workbox's modules by scripts/astro-service-worker.ts: the app shell
 * precached at install (the build's page and asset list, injected as `self.__WB_MANIFEST`), the API answers a
 * driver saw kept for when the network is gone, and push alerts shown as notifications.
 */
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import {
  CONFIG_CACHE,
  cacheFor,
  KNOWN_AT_HEADER,
  knownAt,
  OFFLINE_HEADER,
  OFFLINE_MAX_HOURS,
  PRIVATE_CACHE,
  PUBLIC_CACHE,
  stillShowable,
} from '../lib/offline.ts';
import { notificationFor, readPayload } from '../lib/push-message.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// Pages are precached once each: `/station/?id=…` is the station page whatever its query.
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/], directoryIndex: 'index.html' });
cleanupOutdatedCaches();

/** Stamps what is stored with its snapshot time; on the way out, refuses it past OFFLINE_MAX_HOURS. */
const offline = {
  async cacheWillUpdate({ response }: { response: Response }) {
    if (response.status !== 200) return null;
    const text = await response.clone().text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      return null;
    }
    const headers = new Headers(response.headers);
    headers.set(KNOWN_AT_HEADER, knownAt(body, new Date().toISOString()));
    return new Response(text, { status: 200, statusText: response.statusText, headers });
  },
  async cachedResponseWillBeUsed({ cachedResponse }: { cachedResponse?: Response }) {
    if (!cachedResponse) return null;
    if (!stillShowable(cachedResponse.headers.get(KNOWN_AT_HEADER), Date.now())) return null;
    const headers = new Headers(cachedResponse.headers);
    headers.set(OFFLINE_HEADER, '1');
    return new Response(await cachedResponse.text(), { status: 200, headers });
  },
};

/** Network first, with the device's copy when the network fails or takes over 6 s (a weak signal). */
const networkFirst = (cacheName: string, maxEntries: number) =>
  new NetworkFirst({
    cacheName,
    networkTimeoutSeconds: 6,
    plugins: [
      new ExpirationPlugin({ maxEntries, maxAgeSeconds: OFFLINE_MAX_HOURS * 3600, purgeOnQuotaError: true }),
      offline,
    ],
  });

const sameOriginGet = (url: URL, request: Request) =>
  request.method === 'GET' && url.origin === self.location.origin;
// One route for the API: the cache `cacheFor` picks (null: not kept) is passed on as the route's params.
const api = {
  [PUBLIC_CACHE]: networkFirst(PUBLIC_CACHE, 80),
  [PRIVATE_CACHE]: networkFirst(PRIVATE_CACHE, 10),
};
type Kept = { cache: keyof typeof api };
registerRoute(
  ({ url, request }): Kept | null => {
    const cache = sameOriginGet(url, request)
      ? cacheFor(url.pathname, request.headers.has('authorization'))
      : null;
    return cache ? { cache } : null;
  },
  ({ event, request, params }) => api[(params as Kept).cache].handle({ event, request }),
);
// The deployment's configuration (API base, Cognito ids): without it no page can start offline.
registerRoute(
  ({ url, request }) => sameOriginGet(url, request) && url.pathname === '/config.json',
  new NetworkFirst({ cacheName: CONFIG_CACHE, networkTimeoutSeconds: 4 }),
);

// The update flow (lib/sw-register.ts): a new version waits until the driver says "Mettre à jour".
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first install takes the open pages at once, so what they fetch next is kept for offline.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** A price alert (shared/alerts, channel push), shown as lib/push-message.ts builds it. */
self.addEventListener('push', (event) => {
  const data = event.data;
  const payload = data
    ? readPayload(
        () => data.json(),
        () => data.text(),
      )
    : {};
  const { title, options } = notificationFor(payload, self.location.origin);
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = (event.notification.data as { url?: string } | null)?.url ?? '/';
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((windows) => {
      const open = windows.find((w) => w.url === target);
      return open ? open.focus() : self.clients.openWindow(target);
    }),
  );
});
