/**
 * A push alert's notification (web/src/sw/sw.ts), from the payload shared/alerts sends on the push channel:
 * `{ title, body, url, stationId, fuel, price }`. Pure, so it is tested without a browser: the headless
 * Chromium of the tests grants no notification permission.
 */
export interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  stationId?: string;
  fuel?: string;
}

export function notificationFor(
  data: PushPayload,
  origin: string,
): { title: string; options: NotificationOptions & { data: { url: string } } } {
  const url = new URL(data.url ?? '/', origin);
  return {
    title: data.title || 'Plein',
    options: {
      body: data.body ?? '',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      lang: 'fr',
      // One notification per station and fuel: a newer drop replaces the older one.
      tag: data.stationId ? `${data.stationId}-${data.fuel ?? ''}` : 'plein',
      // Only the site's own pages open from a notification.
      data: { url: url.origin === origin ? `${url.pathname}${url.search}` : '/' },
    },
  };
}

/** The payload of a push event's data, whatever it holds: JSON, else its text as the body. */
export function readPayload(json: () => unknown, text: () => string): PushPayload {
  try {
    const value = json();
    return value && typeof value === 'object' ? (value as PushPayload) : {};
  } catch {
    return { body: text() };
  }
}
