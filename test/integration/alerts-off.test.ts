import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { normalizeRules } from '#shared/alerts/rules.ts';
import type { AlertsResponse } from '#shared/api/alert-types.ts';
import { getAlertSettings, saveAlertSettings } from '#shared/db/alert-settings.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { parisLocalDateTime } from '#shared/domain/time.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { FIXED_CODE, newUser, type Tokens } from '../helpers/cognito.ts';
import { smallFeedXml, zipXml } from '../helpers/ingest/feeds.ts';
import { quietIngestDeps, startApiProduct } from '../helpers/product.ts';

/**
 * The product as AWS deploys it without `-c sesFromEmail` (no alert is ever sent): ALERTS_ENABLED=false
 * runs the local stack that way. The site is told (config.json), the API says so and refuses to store what
 * would never be sent, and the ingest invokes no alerts function.
 */
process.env.CODE = FIXED_CODE;
process.env.ALERTS_ENABLED = 'false';

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dataDir: string;
let user: Tokens & { sub: string };
const db = createDocumentClient();

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${product.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  let pool: Parameters<typeof newUser>[0];
  ({ product, dataDir, pool, stop } = await startApiProduct('alerts-off'));
  user = await newUser(pool, 'alerts-off@example.com', 'Noé');
}, 120_000);

afterAll(async () => {
  delete process.env.ALERTS_ENABLED;
  await stop?.();
});

const rule = { fuel: 'Gazole', maxPrice: 1.7, scope: { kind: 'favourites' } } as const;
type ErrorBody = { error: { code: string; field?: string } };

describe('a deployment without alerts', () => {
  test('config.json and GET /api/me/alerts say alerts are off', async () => {
    expect(await (await fetch(`${product.url}/config.json`)).json()).toMatchObject({ alerts: false });
    const res = await api<AlertsResponse>('GET', '/api/me/alerts');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ available: false, enabled: false, rules: [] });
  });

  test('PUT refuses to add a rule or turn alerts or the digest on (409 alerts_off, naming the field), stores nothing', async () => {
    for (const [body, field] of [
      [{ rules: [rule] }, 'rules.0'],
      [{ rules: [], enabled: true }, 'enabled'],
      [{ rules: [], digest: true }, 'digest'],
    ] as const) {
      const res = await api<ErrorBody>('PUT', '/api/me/alerts', body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'alerts_off', field });
    }
    expect((await getAlertSettings(openTable(product.resources.tableName, db), user.sub)).rules).toEqual([]);
    // Turning things off, or saving nothing, is fine.
    const off = await api<AlertsResponse>('PUT', '/api/me/alerts', {
      rules: [],
      enabled: false,
      dailyCap: 2,
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ available: false, enabled: false, dailyCap: 2 });
  });

  test('no push device is saved where nothing would be sent (409 alerts_off)', async () => {
    const device = (await (
      await fetch(`${product.endpoints.push}/subscriptions`, { method: 'POST' })
    ).json()) as object;
    const res = await api<ErrorBody>('PUT', '/api/me/push-subscriptions', device);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'alerts_off', field: 'endpoint' });
    const item = await db.send(
      new GetCommand({ TableName: product.resources.tableName, Key: keys.pushSubscriptions(user.sub) }),
    );
    expect(item.Item).toBeUndefined();
  });

  test('rules saved before (when alerts were deployed) can be kept or removed, not changed', async () => {
    const [saved] = normalizeRules([rule]);
    await saveAlertSettings(
      openTable(product.resources.tableName, db),
      user.sub,
      { rules: [saved as never], digest: false },
      new Date(),
    );
    const kept = await api<AlertsResponse>('PUT', '/api/me/alerts', { rules: [saved] });
    expect(kept.status).toBe(200);
    expect(kept.body.rules).toEqual([saved]);
    const changed = await api<ErrorBody>('PUT', '/api/me/alerts', { rules: [{ ...saved, maxPrice: 1.9 }] });
    expect(changed.status).toBe(409);
    expect(changed.body.error.field).toBe('rules.0');
    const removed = await api<AlertsResponse>('PUT', '/api/me/alerts', { rules: [] });
    expect(removed.status).toBe(200);
    expect(removed.body.rules).toEqual([]);
  });

  test('the ingest invokes no alerts function', async () => {
    expect(process.env[INVOKABLE_FUNCTIONS.alerts.env]).toBeUndefined();
    const runs = [];
    for (const [n, price] of [
      [1, '1.759'],
      [2, '1.659'],
    ] as const) {
      const maj = parisLocalDateTime(Date.now() - 20 * 60_000).replace('T', ' ');
      const xml = smallFeedXml([
        { id: '75000001', prices: [{ id: 1, nom: 'Gazole', valeur: price }] },
      ]).replaceAll('2025-07-28 15:00:04', maj);
      const path = join(dataDir, `feed-${n}.zip`);
      await writeFile(path, zipXml(xml));
      runs.push(await runIngest(quietIngestDeps(product, db), { sources: [path], trigger: 'test' }));
    }
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[0]?.alerts).toBeUndefined(); // not configured: the run records nothing about alerts
    expect(runs[1]?.alerts).toBeUndefined();
  });
});
