// Over 300 lines on purpose: one local product with two real ingests shared by the alert cases; a file
// per case would start it again each time.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { signToken, unsubscribeToken } from '#shared/alerts/token.ts';
import type { AlertRuleInput, AlertsResponse, UnsubscribeResponse } from '#shared/api/alert-types.ts';
import { alertsSecret } from '#shared/db/alert-settings.ts';
import { batchWriteAll } from '#shared/db/batch.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import type { IngestRun } from '#shared/db/runs.ts';
import { parisLocalDateTime } from '#shared/domain/time.ts';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { launchChromium, screenshot, VIEWPORTS } from '../helpers/browser.ts';
import { FIXED_CODE, newUser, type Pool, type Tokens } from '../helpers/cognito.ts';
import { zipXml } from '../helpers/ingest/feeds.ts';
import { alertEvaluation, ingestAndEvaluate as ingestFile, startApiProduct } from '../helpers/product.ts';

/**
 * Price alerts end to end on the local stack (issue 8): real ingest runs of small feeds, the ingest's hook
 * invoking the alerts function through the local Lambda endpoint, emails landing in aws-ses-v2-local.
 */
process.env.CODE = FIXED_CODE;

const _root = resolve(import.meta.dirname, '..', '..');
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dataDir: string;
let pool: Pool;
let evaluate: (event: unknown) => Promise<unknown>;
let digest: (event: unknown) => Promise<{ status: string; counts: Record<string, number> }>;
const db = createDocumentClient();

type Feed = Record<
  string,
  { lat: number; lon: number; town: string; address: string; cp: string; prices: Record<string, number> }
>;
/** Paris: A and B are alice's favourites; C is nearby; L is in Lyon. */
const BASE: Feed = {
  '75000001': {
    lat: 48.86,
    lon: 2.35,
    town: 'Paris',
    address: '12 rue de Rivoli',
    cp: '75001',
    prices: { Gazole: 1.759, E10: 1.829 },
  },
  '75000002': {
    lat: 48.87,
    lon: 2.33,
    town: 'Paris',
    address: '3 boulevard Haussmann',
    cp: '75009',
    prices: { Gazole: 1.779 },
  },
  '75000003': {
    lat: 48.85,
    lon: 2.37,
    town: 'Paris',
    address: '8 rue de Lyon',
    cp: '75012',
    prices: { Gazole: 1.799 },
  },
  '69000001': {
    lat: 45.76,
    lon: 4.84,
    town: 'Lyon',
    address: '1 quai Perrache',
    cp: '69002',
    prices: { Gazole: 1.699 },
  },
};
const FUEL_IDS: Record<string, number> = { Gazole: 1, SP95: 2, E85: 3, GPLc: 4, E10: 5, SP98: 6 };
let feedNo = 0;
const MOBILE = { viewport: VIEWPORTS.mobile };

/** A feed file in the upstream format, prices dated `minutesAgo` before now (Paris local time, as upstream). */
async function feedFile(feed: Feed, minutesAgo = 30): Promise<string> {
  const maj = parisLocalDateTime(Date.now() - minutesAgo * 60_000).replace('T', ' ');
  const pdv = Object.entries(feed).map(
    ([id, s]) =>
      `<pdv id="${id}" latitude="${Math.round(s.lat * 100000)}" longitude="${Math.round(s.lon * 100000)}" cp="${s.cp}" pop="R">` +
      `<adresse>${s.address}</adresse><ville>${s.town}</ville>` +
      Object.entries(s.prices)
        .map(
          ([fuel, v]) => `<prix nom="${fuel}" id="${FUEL_IDS[fuel]}" maj="${maj}" valeur="${v.toFixed(3)}"/>`,
        )
        .join('') +
      '</pdv>',
  );
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>\n<pdv_liste>\n${pdv.join('\n')}\n</pdv_liste>\n`;
  const path = join(dataDir, `feed-${++feedNo}.zip`);
  await writeFile(path, zipXml(xml));
  return path;
}

function withPrices(changes: Record<string, Record<string, number>>): Feed {
  const out: Feed = structuredClone(BASE);
  for (const [id, prices] of Object.entries(changes)) Object.assign((out[id] as Feed[string]).prices, prices);
  return out;
}

/** Runs the ingest on a feed; when it published, waits for the alerts function's record of that run. */
let lastFeed = '';
async function ingestAndEvaluate(feed: Feed | 'same file again', minutesAgo?: number): Promise<IngestRun> {
  if (feed !== 'same file again') lastFeed = await feedFile(feed, minutesAgo);
  // The ingest itself (the Lambda handler reads only its configured feed): its alerts hook is the real one.
  return ingestFile(product, lastFeed, db);
}

const evaluation = (runId: string) => alertEvaluation(product, runId, db);

interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

async function userItems(sub: string, prefix: string): Promise<{ PK: string; SK: string }[]> {
  const res = await db.send(
    new QueryCommand({
      TableName: product.resources.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': `USER#${sub}`, ':p': prefix },
    }),
  );
  return (res.Items ?? []) as { PK: string; SK: string }[];
}

async function mailbox(): Promise<StoredEmail[]> {
  const res = await fetch(`${product.endpoints.ses}/store`);
  return ((await res.json()) as { emails: StoredEmail[] }).emails;
}
const clearMailbox = () => fetch(`${product.endpoints.ses}/clear-store`, { method: 'POST' });
const to = (emails: StoredEmail[], address: string) =>
  emails.filter((e) => e.destination.to.includes(address));

async function api<T = unknown>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${product.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, body: parsed as T, type: res.headers.get('content-type') ?? '' };
}

const favRule = (maxPrice: number): AlertRuleInput => ({
  fuel: 'Gazole',
  maxPrice,
  scope: { kind: 'favourites' },
});
const users: Record<'alice' | 'bob' | 'carol' | 'dave' | 'erin', Tokens & { sub: string; email: string }> =
  {} as never;

beforeAll(async () => {
  ({ product, dataDir, pool, stop } = await startApiProduct('alerts'));
  ({ handler: evaluate } = (await import(`#functions/alerts/evaluate.ts`)) as { handler: typeof evaluate });
  ({ handler: digest } = (await import('#functions/alerts/digest.ts')) as unknown as {
    handler: typeof digest;
  });
  expect(process.env[INVOKABLE_FUNCTIONS.alerts.env]).toBe('plein-alerts');

  // The first run publishes the stations (no previous run: nothing to compare, no evaluation).
  const first = await ingestAndEvaluate(BASE);
  expect(first.status).toBe('succeeded');
  expect(first.alerts).toBe('no-previous-run');

  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin'] as const) {
    const email = `${name}@example.com`;
    users[name] = { ...(await newUser(pool, email, name)), email };
  }
  for (const name of ['alice', 'bob', 'dave', 'erin'] as const) {
    for (const id of ['75000001', '75000002'])
      expect((await api(users[name].accessToken, 'PUT', `/api/me/favourites/${id}`)).status).toBe(201);
  }
  // alice calls A "Chez maman": her alert email heads it so (issue 17).
  expect(
    (await api(users.alice.accessToken, 'PUT', '/api/me/favourites/75000001', { name: 'Chez maman' })).status,
  ).toBe(200);
  const setAlerts = async (name: keyof typeof users, body: unknown) => {
    const res = await api<AlertsResponse>(users[name].accessToken, 'PUT', '/api/me/alerts', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  await setAlerts('alice', {
    enabled: true,
    rules: [favRule(1.7), { fuel: 'E10', dropCents: 20, scope: { kind: 'favourites' } }],
  });
  await setAlerts('bob', { enabled: true, rules: [favRule(1.5)] });
  await setAlerts('carol', {
    enabled: true,
    rules: [
      {
        fuel: 'Gazole',
        dropCents: 3,
        scope: { kind: 'place', lat: 48.86, lon: 2.34, radiusKm: 5, label: 'Bureau' },
      },
    ],
  });
  await setAlerts('dave', { enabled: true, rules: [favRule(1.75)] });
  await setAlerts('erin', { rules: [favRule(1.75)] }); // alerts never turned on
}, 120_000);

afterAll(async () => {
  await stop?.();
});

describe('the alerts API', () => {
  test('GET returns what PUT saved: rules with ids, preferences, limits', async () => {
    const res = await api<AlertsResponse>(users.alice.accessToken, 'GET', '/api/me/alerts');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      available: true, // locally alerts are on (aws-ses-v2-local), as in AWS with -c sesFromEmail
      enabled: true,
      dailyCap: 3,
      digest: false,
      limits: { rules: 10 },
    });
    expect(await (await fetch(`${product.url}/config.json`)).json()).toMatchObject({ alerts: true });
    expect(res.body.rules).toEqual([
      {
        id: expect.stringMatching(/^[a-z0-9]{1,12}$/),
        fuel: 'Gazole',
        maxPrice: 1.7,
        dropCents: null,
        scope: { kind: 'favourites' },
        openNow: false,
        channel: 'email', // no channel sent: email, as before push existed (issue 19)
      },
      expect.objectContaining({ fuel: 'E10', maxPrice: null, dropCents: 20 }),
    ]);
    expect((await api(null, 'GET', '/api/me/alerts')).status).toBe(401);
  });

  test('bad input is a 400 naming the field: negative price, unknown fuel, the 11th rule', async () => {
    const t = users.bob.accessToken;
    const bad = async (body: unknown) =>
      (await api<{ error: { code: string; field: string } }>(t, 'PUT', '/api/me/alerts', body)).body;
    expect(await bad({ rules: [favRule(-1.7)] })).toMatchObject({
      error: { code: 'invalid', field: 'rules.0.maxPrice' },
    });
    expect(await bad({ rules: [favRule(1.7), { ...favRule(1.7), fuel: 'Kerosene' }] })).toMatchObject({
      error: { code: 'invalid', field: 'rules.1.fuel' },
    });
    expect(await bad({ rules: Array.from({ length: 11 }, () => favRule(1.7)) })).toMatchObject({
      error: { code: 'invalid', field: 'rules' },
    });
    expect(await bad({ rules: [], userId: 'someone-else' })).toMatchObject({ error: { field: 'userId' } });
    // Nothing was changed by the refused requests.
    expect((await api<AlertsResponse>(t, 'GET', '/api/me/alerts')).body.rules).toEqual([
      expect.objectContaining({ maxPrice: 1.5 }),
    ]);
  });
});

describe('evaluation after each published run', () => {
  let alicesEmail: StoredEmail | undefined;
  let priceRun: IngestRun;

  test('a favourite dropping below the threshold: exactly one email, grouped; none for the others', async () => {
    // dave deleted his account: he must get nothing even though his rule matches.
    expect((await api(users.dave.accessToken, 'DELETE', '/api/me')).status).toBe(204);
    await clearMailbox();
    // A: 1.759 → 1.689 (≤ 1.70 for alice, ≤ 1.75 for dave/erin, > 1.50 for bob); A's E10 drops 0.3 (alice's drop rule).
    priceRun = await ingestAndEvaluate(withPrices({ '75000001': { Gazole: 1.689, E10: 1.529 } }), 20);
    expect(priceRun.status).toBe('succeeded');
    const record = await evaluation(priceRun.runId);
    expect(record).toMatchObject({ sent: 2, failed: 0, duplicates: 0 });

    const emails = await mailbox();
    expect(to(emails, users.alice.email)).toHaveLength(1);
    expect(to(emails, users.carol.email)).toHaveLength(1); // 5 km around her office: the cheapest dropped 7 c
    for (const name of ['bob', 'dave', 'erin'] as const)
      expect(to(emails, users[name].email), name).toEqual([]);
    expect(emails).toHaveLength(2);

    alicesEmail = to(emails, users.alice.email)[0];
    expect(alicesEmail?.subject).toBe('Alerte prix : 2 stations moins chères');
    const text = alicesEmail?.body.text ?? '';
    expect(text).toContain('Gazole (B7) — 1,689 €/L (avant 1,759 €/L, −7,0 c€)');
    expect(text).toContain('SP95-E10 — 1,529 €/L');
    expect(text).toContain(`${product.url}/station/?id=75000001`);
    expect(text).toMatch(/Prix mis à jour il y a (19|20|21) min/);
    expect(alicesEmail?.body.html).toContain('href="http://localhost:');
    expect(JSON.stringify(record)).not.toMatch(/@|alice|carol/);
  });

  test('the email names the station as the driver does, links directions and fits a 390 px phone', async () => {
    const text = alicesEmail?.body.text ?? '';
    const html = alicesEmail?.body.html ?? '';
    // Her own name heads A, the station's address beneath; B (unnamed) keeps its title.
    expect(text).toMatch(/\n {2}Chez maman\n {2}[^\n]*12 rue de Rivoli, 75001 Paris\n/);
    expect(text).toContain(
      'Itinéraire : https://www.google.com/maps/dir/?api=1&destination=48.860000,2.350000',
    );
    expect(html).toContain('<strong>Chez maman</strong>');
    expect(html).toContain(
      'href="https://www.google.com/maps/dir/?api=1&amp;destination=48.860000,2.350000"',
    );
    expect(html).toContain('href="https://waze.com/ul?ll=48.860000,2.350000&amp;navigate=yes"');

    // The HTML part as a phone's mail app shows it: Chromium at 390 px, mobile layout.
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        ...MOBILE,
        isMobile: true,
        hasTouch: true,
        locale: 'fr-FR',
      });
      const page = await context.newPage();
      await page.setContent(html);
      const layout = await page.evaluate(() => {
        const texts = [...document.body.querySelectorAll<HTMLElement>('*')].filter((el) =>
          [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()),
        );
        return {
          viewport: window.innerWidth,
          scrollWidth: document.documentElement.scrollWidth,
          smallestFont: Math.min(...texts.map((el) => Number.parseFloat(getComputedStyle(el).fontSize))),
          outside: [...document.querySelectorAll('a, p, div, strong, span')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map((el) => el.textContent?.slice(0, 40)),
          links: [...document.querySelectorAll('a')].map((a) => ({
            text: a.textContent,
            height: a.getBoundingClientRect().height,
          })),
        };
      });
      // Laid out at the phone's width (not 980 px shrunk), nothing sideways, text readable without zooming.
      expect(layout.viewport).toBe(MOBILE.viewport.width);
      expect(layout.scrollWidth).toBeLessThanOrEqual(MOBILE.viewport.width);
      expect(layout.outside).toEqual([]);
      expect(layout.smallestFont).toBeGreaterThanOrEqual(14);
      // "Voir la station" and the directions are buttons a thumb can hit.
      const buttons = layout.links.filter((l) => /Voir la station|Itinéraire|Waze/.test(l.text ?? ''));
      expect(buttons.length).toBeGreaterThanOrEqual(6);
      for (const b of buttons) expect(b.height, b.text ?? '').toBeGreaterThanOrEqual(40);
      await screenshot(page, 'alerte-email-mobile');
    } finally {
      await browser.close();
    }
  });

  test('the same run again (a Lambda retry) and an identical feed send nothing more', async () => {
    await clearMailbox();
    const changesKey = (priceRun.alerts as { changesKey: string }).changesKey;
    const retry = (await evaluate({ runId: priceRun.runId, changesKey })) as Record<string, number>;
    expect(retry).toMatchObject({ sent: 0, repeatsOnly: 2 }); // the alert states already hold these prices
    // As if the first attempt had crashed after sending, before recording the alert states: the run's claim
    // (ALERTDAY item) still stops a second email.
    const states = await userItems(users.alice.sub, 'ALERT#');
    expect(states.length).toBe(2);
    await batchWriteAll(
      openTable(product.resources.tableName, db),
      states.map((i) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } })),
    );
    const again = (await evaluate({ runId: priceRun.runId, changesKey })) as Record<string, number>;
    expect(again).toMatchObject({ sent: 0, duplicates: 1, repeatsOnly: 1 });
    const same = await ingestAndEvaluate('same file again');
    expect(same.status).toBe('skipped');
    expect(await mailbox()).toEqual([]);
  });

  test('a drop that stays above the threshold sends nothing; the same price is never notified twice', async () => {
    await clearMailbox();
    // B: 1.779 → 1.759 (alice: > 1.70); A's prices get a new date but the same value (alice: already notified at that price).
    const run = await ingestAndEvaluate(
      withPrices({ '75000001': { Gazole: 1.689, E10: 1.529 }, '75000002': { Gazole: 1.759 } }),
      5,
    );
    expect(run.status).toBe('succeeded');
    expect(await evaluation(run.runId)).toMatchObject({ sent: 0 });
    expect(await mailbox()).toEqual([]);
  });

  test('the unsubscribe link cannot be forged; the real one works without signing in', async () => {
    const link = /(http:\/\/localhost:\d+\/api\/alerts\/unsubscribe\?token=[^\s]+)/.exec(
      alicesEmail?.body.text ?? '',
    )?.[1];
    expect(link).toBeDefined();
    const path = new URL(link as string).pathname + new URL(link as string).search;
    const token = new URL(link as string).searchParams.get('token') as string;

    // Forged: bob's sub in alice's token, a made-up signature, another secret, an expired one.
    const secret = (await alertsSecret(openTable(product.resources.tableName, db), {
      create: false,
    })) as Uint8Array;
    const forged = [
      token.replace(users.alice.sub, users.bob.sub),
      `${token.slice(0, -4)}AAAA`,
      unsubscribeToken(new Uint8Array(32).fill(1), users.bob.sub, 'alerts', new Date()),
      signToken(secret, {
        sub: users.bob.sub,
        purpose: 'alerts',
        expiresAt: Math.floor(Date.now() / 1000) - 60,
      }),
      'v1.nope',
    ];
    for (const f of forged) {
      const res = await api<{ error: { field: string } }>(
        null,
        'GET',
        `/api/alerts/unsubscribe?token=${encodeURIComponent(f)}`,
      );
      expect(res.status, f).toBe(400);
      expect(res.body.error.field).toBe('token');
    }
    expect((await api<AlertsResponse>(users.bob.accessToken, 'GET', '/api/me/alerts')).body.enabled).toBe(
      true,
    );

    // The real link, opened by a browser, a link scanner or a prefetcher (GET): a French confirmation page
    // whose only action is a plain form POSTing the same URL; nothing changes.
    const alertsOf = async (name: 'alice' | 'bob') =>
      (await api<AlertsResponse>(users[name].accessToken, 'GET', '/api/me/alerts')).body.enabled;
    const page = await api<string>(null, 'GET', path, undefined, {
      accept: 'text/html,application/xhtml+xml',
    });
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.body).toContain('Voulez-vous ne plus recevoir les alertes prix Plein ?');
    const form = /<form method="post" action="([^"]+)">/.exec(page.body)?.[1];
    expect(form?.replaceAll('&amp;', '&')).toBe(`?token=${encodeURIComponent(token)}`);
    expect(page.body).toContain('<button type="submit">Me désabonner</button>');
    expect(page.body).not.toContain('<script');
    const json = await api<{ purpose: string; confirmWith: string }>(null, 'GET', path);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ purpose: 'alerts', confirmWith: 'POST' });
    expect(await alertsOf('alice'), 'a GET never unsubscribes').toBe(true);

    // The page's button: a form POST from the browser, answered with the French result page.
    const confirmed = await fetch(new URL(form?.replaceAll('&amp;', '&') ?? '', `${product.url}${path}`), {
      method: 'POST',
      headers: {
        accept: 'text/html,application/xhtml+xml',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('content-type')).toContain('text/html');
    expect(await confirmed.text()).toContain('vous ne recevrez plus d’alertes prix');
    expect(await alertsOf('alice')).toBe(false);
    expect(await alertsOf('bob')).toBe(true);
    // RFC 8058 one-click (POST, form body, from a mail client) answers JSON, and is idempotent.
    const res = await fetch(`${product.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as UnsubscribeResponse).unsubscribed).toBe('alerts');
    // A forged token on the POST changes nothing either.
    const forgedPost = await api<{ error: { field: string } }>(
      null,
      'POST',
      `/api/alerts/unsubscribe?token=${encodeURIComponent(forged[0] as string)}`,
    );
    expect(forgedPost.status).toBe(400);
    expect(await alertsOf('bob')).toBe(true);

    // Alice now gets nothing, even for a new low.
    await clearMailbox();
    const run = await ingestAndEvaluate(
      withPrices({ '75000001': { Gazole: 1.659, E10: 1.529 }, '75000002': { Gazole: 1.759 } }),
      2,
    );
    expect(run.status).toBe('succeeded');
    await evaluation(run.runId);
    expect(to(await mailbox(), users.alice.email)).toEqual([]);
  });
});

describe('the weekly digest', () => {
  test('opted-in users get one digest a week, with an unsubscribe link of its own', async () => {
    const bob = users.bob.accessToken;
    expect((await api(bob, 'PUT', '/api/me', { fuels: ['Gazole'], displayName: 'Bob' })).status).toBe(200);
    expect(
      (await api<AlertsResponse>(bob, 'PUT', '/api/me/alerts', { rules: [favRule(1.5)], digest: true })).body
        .digest,
    ).toBe(true);
    await clearMailbox();
    const week = '2030-01-07';
    const first = await digest({ week });
    expect(first).toMatchObject({ status: 'finished', counts: { sent: 1 } });
    const emails = await mailbox();
    expect(emails.map((e) => e.destination.to)).toEqual([[users.bob.email]]);
    const text = emails[0]?.body.text ?? '';
    expect(emails[0]?.subject).toBe('Votre semaine carburant Plein (07/01/2030)');
    expect(text).toContain('Bonjour Bob,');
    // A station without OSM data is titled by its address, the postcode and town beneath (issue 16).
    expect(text).toMatch(
      /Le moins cher aujourd’hui : 1,659 €\/L — 12 rue de Rivoli \(mis à jour [^)]+\)\n {2}75001 Paris\n/,
    );
    expect(text).toContain('Plus bas de la semaine : 1,659 €/L'); // history: 1.759, 1.689, 1.689, 1.659
    expect(text).toContain('Économie estimée par rapport à la médiane du département 75');
    expect(text).toMatch(/\/api\/alerts\/unsubscribe\?token=v1\.[^.]+\.digest\./);

    expect(await digest({ week })).toMatchObject({ status: 'already-done' });
    expect(await mailbox()).toHaveLength(1);
  });
});

describe('the daily cap and the one-email-per-run claim (conditional writes on the day item)', () => {
  test('claimed, duplicate for the same run, capped for another run; a released claim can be taken again', async () => {
    const { claimAlertSend, releaseAlertSend } = await import('#shared/db/alert-delivery.ts');
    const t = openTable(product.resources.tableName, db);
    const now = new Date();
    const claim = (run: string, cap: number) => claimAlertSend(t, 'cap-user', '2030-01-01', run, cap, now);
    expect(await claim('run-1', 2)).toBe('claimed');
    expect(await claim('run-1', 2)).toBe('duplicate');
    expect(await claim('run-2', 2)).toBe('claimed');
    expect(await claim('run-3', 2)).toBe('capped');
    const both = await Promise.all([claim('run-4', 3), claim('run-5', 3)]);
    expect(both.sort()).toEqual(['capped', 'claimed']); // concurrent claims cannot both take the last slot
    await releaseAlertSend(t, 'cap-user', '2030-01-01', 'run-2');
    expect(await claim('run-2', 3)).toBe('claimed');
  });
});
