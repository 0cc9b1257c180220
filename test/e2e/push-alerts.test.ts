import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parisLocalDateTime } from '#shared/domain/time.ts';
import {
  type E2E,
  openPage,
  seriousA11yViolations,
  signUpAndSignIn,
  startE2E,
  testEmail,
  VIEWPORTS,
  workerControls,
} from '../helpers/browser.ts';
import { FEEDS_DIR, RUPTURES_2026 } from '../helpers/feed.ts';
import { feedXml, zipXml } from '../helpers/ingest/feeds.ts';
import { ingestAndEvaluate } from '../helpers/product.ts';

/**
 * Issue 19 item 3 in the browser: a driver turns notifications on for this device in the profile, sets an
 * alert rule "Par notification", and a price drop reaches the local push service (the RFC 8030 stand-in),
 * which decrypts it to the right station and price. Headless Chromium has no push service of its own (it
 * would be Google's FCM, out of reach and not scriptable), so this page's `pushManager` asks the stand-in
 * for its subscription, as a browser asks its vendor's push service; everything else is the real site,
 * API, alerts function, encryption (RFC 8291) and VAPID signature (RFC 8292).
 */
let e2e: E2E;
let station: { id: string; price: number };

beforeAll(async () => {
  e2e = await startE2E();
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price&limit=10`,
  );
  const body = (await res.json()) as { stations: { id: string; price: { price: number } | null }[] };
  const found = body.stations.find((s) => s.price);
  if (!found?.price) throw new Error('no Gazole station near Montparnasse');
  station = { id: found.id, price: found.price.price };
});
afterAll(async () => {
  await e2e?.stop();
});

interface Delivered {
  subscriptionId: string;
  payload: { title: string; body: string; url: string; stationId: string; fuel: string; price: number };
}

/** What the push service received and decrypted with the subscription's keys (its payload is JSON text). */
const delivered = async (): Promise<Delivered[]> =>
  (
    (await (await fetch(`${e2e.product.endpoints.push}/store`)).json()) as {
      messages: { subscriptionId: string; payload: string }[];
    }
  ).messages.map((m) => ({ subscriptionId: m.subscriptionId, payload: JSON.parse(m.payload) }));

/** This page's browser push client: permission granted when asked, subscriptions from the stand-in. */
async function pushClientOnStandIn(page: Page): Promise<void> {
  await page.exposeFunction('__pushSubscribe', async (applicationServerKey: string) => {
    const res = await fetch(`${e2e.product.endpoints.push}/subscriptions`, {
      method: 'POST',
      body: JSON.stringify({ applicationServerKey }),
    });
    return res.json();
  });
  await page.addInitScript(() => {
    let permission: NotificationPermission = 'default';
    Object.defineProperty(Notification, 'permission', { get: () => permission });
    Notification.requestPermission = async () => {
      permission = 'granted';
      return permission;
    };
    let current: unknown = null;
    const toBase64url = (key: BufferSource) =>
      btoa(String.fromCharCode(...new Uint8Array(key instanceof ArrayBuffer ? key : key.buffer)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    PushManager.prototype.getSubscription = async () => current as PushSubscription | null;
    PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
      const key = options?.applicationServerKey as BufferSource;
      const json = (await (
        window as unknown as {
          __pushSubscribe(k: string): Promise<PushSubscriptionJSON & { endpoint: string }>;
        }
      ).__pushSubscribe(toBase64url(key))) as PushSubscriptionJSON & { endpoint: string };
      current = {
        endpoint: json.endpoint,
        expirationTime: null,
        toJSON: () => json,
        unsubscribe: async () => {
          current = null;
          return true;
        },
      };
      return current as PushSubscription;
    };
  });
}

/** The published feed with one price changed, dated minutes ago, ingested as the schedule would (alerts run). */
async function ingestWith(id: string, price: number): Promise<void> {
  const maj = parisLocalDateTime(Date.now() - 5 * 60_000).replace('T', ' ');
  const xml = feedXml(join(FEEDS_DIR, RUPTURES_2026));
  const start = xml.indexOf(`<pdv id="${id}"`);
  const end = xml.indexOf('</pdv>', start);
  const pdv = xml
    .slice(start, end)
    .replace(
      /<prix nom="Gazole" id="1" maj="[^"]*" valeur="[^"]*"\/>/,
      `<prix nom="Gazole" id="1" maj="${maj}" valeur="${price.toFixed(3)}"/>`,
    );
  const path = join(await mkdtemp(join(tmpdir(), 'plein-push-feed-')), 'feed.zip');
  await writeFile(path, zipXml(xml.slice(0, start) + pdv + xml.slice(end)));
  expect((await ingestAndEvaluate(e2e.product, path)).status).toBe('succeeded');
}

describe('an alert by notification', () => {
  test('turned on for this device in the profile, a price drop reaches its push service: the right station and price', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.mobile, { serviceWorker: true });
    await pushClientOnStandIn(page);
    await page.goto('/');
    await workerControls(page);
    await signUpAndSignIn(page, testEmail('push'));
    await page.getByRole('checkbox', { name: 'Gazole (B7)' }).check();
    await page.getByRole('button', { name: 'Enregistrer mes carburants' }).click();
    await page.locator('#no-favourites').waitFor();
    await page.goto(`/station/?id=${station.id}`);
    await expect.poll(() => page.locator('#favourite-state').textContent()).toContain('pas dans vos favoris');
    await page.getByRole('button', { name: 'Ajouter aux favoris' }).click();
    await expect.poll(() => page.locator('#favourite-msg').textContent()).toContain('ajoutée');

    // This device: off, then on.
    await page.goto('/profil/');
    const state = page.locator('#push-state');
    await expect
      .poll(() => state.textContent())
      .toBe('Cet appareil ne reçoit pas vos alertes par notification.');
    await page.getByRole('button', { name: 'Activer les notifications sur cet appareil' }).click();
    await expect.poll(() => state.textContent()).toBe('Cet appareil reçoit vos alertes par notification.');
    expect(await page.locator('#push-msg').textContent()).toBe('Notifications activées sur cet appareil.');

    // A rule by notification: below the current price, which the drop will cross.
    const max = Math.round((station.price - 0.01) * 1000) / 1000;
    await page.getByLabel('Prix maximum (€/L, facultatif)').fill(max.toFixed(3).replace('.', ','));
    await page.getByLabel('Me prévenir').selectOption('push');
    await page.getByRole('button', { name: 'Ajouter la règle' }).click();
    await expect.poll(() => page.locator('#alert-rules').textContent()).toMatch(/notification/i);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const dropped = Math.round((station.price - 0.02) * 1000) / 1000;
    await ingestWith(station.id, dropped);
    await expect
      .poll(async () => (await delivered()).map((m) => m.payload.stationId), { timeout: 40_000 })
      .toContain(station.id);
    const [message] = (await delivered()).filter((m) => m.payload.stationId === station.id);
    expect(message?.payload.price).toBe(dropped);
    expect(message?.payload.fuel).toBe('Gazole');
    // What the driver reads: the new price, and the station by its name.
    expect(`${message?.payload.title} ${message?.payload.body}`).toContain(
      dropped.toFixed(3).replace('.', ','),
    );
    expect(message?.payload.url).toContain(station.id);

    // Off again: the device is forgotten by the API too.
    await page.getByRole('button', { name: 'Ne plus recevoir de notifications ici' }).click();
    await expect
      .poll(() => state.textContent())
      .toBe('Cet appareil ne reçoit pas vos alertes par notification.');
    await close();
  });

  test('where the browser blocks notifications, the profile says how to allow them instead of offering a dead button', async () => {
    // This headless Chromium denies every notification permission, as a driver who said "Bloquer" would.
    const { page, close } = await openPage(e2e, VIEWPORTS.mobile, { serviceWorker: true });
    await page.goto('/');
    await signUpAndSignIn(page, testEmail('push-blocked'));
    await page.goto('/profil/');
    await expect
      .poll(() => page.locator('#push-state').textContent())
      .toContain('autorisez-les dans ses réglages');
    expect(await page.getByRole('button', { name: /notifications sur cet appareil/ }).count()).toBe(0);
    await close();
  });
});
