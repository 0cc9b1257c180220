/**
 * Web Push delivery of alerts (issue 19, docs/ALERTS.md "Push notifications"): the notification's payload
 * (French, small JSON) and the sender. web-push builds each request — RFC 8291 aes128gcm encryption with the
 * device's keys, RFC 8292 VAPID with the deployment's key — and fetch sends it: web-push's own sender uses
 * https.request only, which could not reach the local stand-in on http loopback.
 */
import webPush from 'web-push';
import type { StoredPushSubscription } from '../db/push-subscriptions.ts';
import { formatPrice, fuelLabel, type StationText, stationUrl } from './email-format.ts';
import type { EmailLine } from './match.ts';
import { isPushEndpoint } from './push-endpoint.ts';
import type { VapidKeys } from './vapid.ts';

/** What the service worker shows (and opens on click). */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  stationId: string;
  fuel: string;
  price: number;
}

/**
 * One notification per user per run: the first line of the plan (cheapest of its fuel) names the station and
 * price, the others are counted.
 */
export function renderPushPayload(input: {
  lines: readonly EmailLine[];
  more: number;
  stations: ReadonlyMap<string, StationText>;
  siteUrl: string;
}): PushPayload | null {
  const [line] = input.lines;
  if (!line) return null;
  const station = input.stations.get(line.stationId);
  const others = input.lines.length - 1 + input.more;
  const where = station ? `${station.title}, ${station.town}` : `Station ${line.stationId}`;
  const before = line.previous !== null ? ` (avant ${formatPrice(line.previous)})` : '';
  const more = others > 0 ? ` · et ${others} autre${others > 1 ? 's' : ''} prix en baisse` : '';
  return {
    title: `${fuelLabel(line.fuel)} à ${formatPrice(line.price)}`,
    body: `${where}${before}${more}`.slice(0, 300),
    url: stationUrl(input.siteUrl, line.stationId),
    stationId: line.stationId,
    fuel: line.fuel,
    price: line.price,
  };
}

/**
 * What a push service answered for one device: `delivered` (2xx; RFC 8030 says 201), `gone` (404/410: the
 * subscription expired or was revoked, remove it), `refused` (another 4xx: this message will never be taken,
 * e.g. a VAPID key the subscription was not made with), `failed` (429, 5xx, network, timeout: try again later).
 */
export type PushOutcome = 'delivered' | 'gone' | 'refused' | 'failed';

export interface PushSender {
  send(subscription: StoredPushSubscription, payload: PushPayload): Promise<PushOutcome>;
}

export interface PushSenderOptions {
  vapid: () => Promise<VapidKeys>;
  /** The VAPID `sub` claim (vapid.ts `vapidSubject`). */
  subject: string;
  /** Local only: the stand-in's http://127.0.0.1 endpoints (push-endpoint.ts). */
  allowLoopback: boolean;
  /** How long a push message waits on the push service when the device is offline (seconds). */
  ttlSeconds?: number;
  /** Per request: a push service that hangs cannot eat the function's time budget. */
  timeoutMs?: number;
  /** Attempts in all for a `failed` answer (a short pause between them). */
  maxAttempts?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** A price alert is stale after a few hours: the push service drops it if the device stays offline longer. */
const DEFAULT_TTL_SECONDS = 3 * 60 * 60;

export function webPushSender(options: PushSenderOptions): PushSender {
  const {
    ttlSeconds = DEFAULT_TTL_SECONDS,
    timeoutMs = 10_000,
    maxAttempts = 2,
    fetch: doFetch = fetch,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  } = options;
  return {
    async send(subscription, payload) {
      // Checked again at send time: a stored endpoint is client input (docs/ALERTS.md).
      if (!isPushEndpoint(subscription.endpoint, options.allowLoopback)) return 'refused';
      const vapid = await options.vapid();
      for (let attempt = 1; ; attempt++) {
        // Built per attempt: each one gets fresh encryption and a fresh JWT.
        const details = webPush.generateRequestDetails(
          { endpoint: subscription.endpoint, keys: subscription.keys },
          JSON.stringify(payload),
          {
            vapidDetails: {
              subject: options.subject,
              publicKey: vapid.publicKey,
              privateKey: vapid.privateKey,
            },
            TTL: ttlSeconds,
            urgency: 'high',
          },
        );
        const outcome = await post(doFetch, details, timeoutMs);
        if (outcome !== 'failed' || attempt >= maxAttempts) return outcome;
        await sleep(250 * attempt);
      }
    },
  };
}

async function post(
  doFetch: typeof fetch,
  details: webPush.RequestDetails,
  timeoutMs: number,
): Promise<PushOutcome> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(details.headers)) headers[name] = String(value);
  try {
    const res = await doFetch(details.endpoint, {
      method: 'POST',
      headers,
      body: details.body ? new Uint8Array(details.body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return 'delivered';
    if (res.status === 404 || res.status === 410) return 'gone';
    if (res.status === 429 || res.status >= 500) return 'failed';
    return 'refused';
  } catch {
    return 'failed'; // network error or timeout; never the endpoint in a log (it is a capability URL)
  }
}
