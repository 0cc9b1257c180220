// Over 300 lines on purpose: one local product and signed-in users shared by the account journey's cases.
import { resolve } from 'node:path';
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
  UserNotFoundException,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, paginateScan, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type {
  DashboardResponse,
  ExportResponse,
  FavouriteResponse,
  FavouritesResponse,
  MeResponse,
} from '#shared/api/account-types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { USER_POOL } from '#shared/platform.ts';
import {
  cognitoClient,
  confirm,
  decodeJwt,
  FIXED_CODE,
  newUser,
  PASSWORD,
  type Pool,
  readCode,
  refresh,
  signIn,
  signUp,
} from '../helpers/cognito.ts';
import { startApiProduct } from '../helpers/product.ts';
import { publish, putDeptMedian, putStations } from '../helpers/seed.ts';
import { makeStation, outOfStock, recentPrices } from '../helpers/station.ts';

// cognito-local is a child process: it inherits CODE and then issues this code for every verification.
process.env.CODE = FIXED_CODE;

const _root = resolve(import.meta.dirname, '..', '..');
let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dataDir: string;
let pool: Pool;
let published: Awaited<ReturnType<typeof publish>>;
const db = () => createDocumentClient();

beforeAll(async () => {
  ({ product, dataDir, pool, stop } = await startApiProduct('account'));
  const stations = [
    makeStation('75000001', { lat: 48.86, lon: 2.35, prices: recentPrices({ Gazole: 1.759, E10: 1.829 }) }),
    makeStation('75000002', {
      lat: 48.9,
      lon: 2.4,
      prices: recentPrices({ Gazole: 1.699, E10: 1.859 }),
      outOfStock: [outOfStock('E10')],
    }),
    makeStation('92000003', {
      dept: '92',
      cp: '92001',
      lat: 48.83,
      lon: 2.25,
      prices: recentPrices({ Gazole: { price: 1.599, ageHours: 24 * 9 }, E10: 1.889 }),
    }),
  ];
  await putStations(openTable(product.resources.tableName, db()), stations);
  await putDeptMedian(openTable(product.resources.tableName, db()), '75', 'Gazole', 1.789);
  published = await publish(
    openTable(product.resources.tableName, db()),
    product.resources.buckets.data,
    stations,
  );
});

afterAll(async () => {
  await stop?.();
});

/** Every item whose keys or attributes mention the text (a whole-table scan). */
async function itemsNaming(text: string): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: db() }, { TableName: product.resources.tableName }))
    found.push(...(page.Items ?? []).filter((item) => JSON.stringify(item).includes(text)));
  return found;
}

type ErrorBody = { error: { code: string; message: string; field?: string } };

const ALERT_RULE = {
  fuel: 'Gazole',
  scope: { kind: 'place', lat: 48.86, lon: 2.35, radiusKm: 5, label: 'Home' },
  maxPrice: 1.7,
};

async function api<T = unknown>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
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

describe('the whole account journey, through the gateway', () => {
  test('sign up → confirm → sign in → profile → favourites → dashboard → export → delete', async () => {
    // Sign up with a display name, confirm with the emailed code, sign in.
    const email = 'journey@example.com';
    const sub = await signUp(pool, email, 'Camille');
    await expect(signIn(pool, email)).rejects.toThrow(); // unconfirmed
    await confirm(pool, email);
    const tokens = await signIn(pool, email);
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ sub, token_use: 'access' });
    const t = tokens.accessToken;

    // Profile: defaults first, then a strict PUT.
    const me = await api<MeResponse>(t, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.profile).toMatchObject({
      fuels: [],
      tankLitres: 50,
      consumptionL100: 6.5,
      yearlyKm: 12000,
      createdAt: null,
    });
    expect(me.body.limits.favourites).toBe(50);
    const beforePut = Date.now();
    const put = await api<MeResponse>(t, 'PUT', '/api/me', {
      displayName: '  Camille  ',
      fuels: ['Gazole', 'E10'],
      tankLitres: 40,
      alerts: { enabled: true },
    });
    expect(put.status).toBe(200);
    expect(put.body.profile).toMatchObject({
      displayName: 'Camille',
      fuels: ['Gazole', 'E10'],
      tankLitres: 40,
      consumptionL100: 6.5,
      alerts: { enabled: true, dailyCap: 3 },
    });
    // Set by the first write, to the time of that write (an ISO instant), and never moved after.
    const createdAt = put.body.profile.createdAt ?? '';
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(createdAt)).toBeGreaterThanOrEqual(beforePut - 1000);
    expect(Date.parse(createdAt)).toBeLessThanOrEqual(Date.now());
    const partial = await api<MeResponse>(t, 'PUT', '/api/me', { yearlyKm: 20000 });
    expect(partial.body.profile.createdAt).toBe(createdAt);
    expect(partial.body.profile).toMatchObject({ displayName: 'Camille', tankLitres: 40, yearlyKm: 20000 });

    // Favourites: create (201), rename (200), unknown station (404), list with station data.
    const created = await api<FavouriteResponse>(t, 'PUT', '/api/me/favourites/75000001', { name: 'Work' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ created: true, favourite: { stationId: '75000001', name: 'Work' } });
    const renamed = await api<FavouriteResponse>(t, 'PUT', '/api/me/favourites/75000001', { name: 'Office' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.favourite).toMatchObject({ name: 'Office', addedAt: created.body.favourite.addedAt });
    expect((await api(t, 'PUT', '/api/me/favourites/75000002')).status).toBe(201);
    expect((await api(t, 'PUT', '/api/me/favourites/92000003', {})).status).toBe(201);
    const unknown = await api<{ error: { code: string } }>(t, 'PUT', '/api/me/favourites/99999999');
    expect(unknown.status).toBe(404);
    const list = await api<FavouritesResponse>(t, 'GET', '/api/me/favourites');
    expect(list.body).toMatchObject({ count: 3, max: 50 });
    expect(list.body.favourites.map((f) => f.stationId)).toEqual(['75000001', '75000002', '92000003']);
    expect(list.body.favourites[0]?.station).toMatchObject({ town: 'Paris', dept: '75', outOfStock: [] });
    expect(list.body.favourites[0]?.station?.prices[0]).toMatchObject({ fuel: 'Gazole', price: 1.759 });

    // The favourite item is indexed by station for the alerts.
    const item = await db().send(
      new GetCommand({ TableName: product.resources.tableName, Key: keys.favourite(sub, '75000001') }),
    );
    expect(item.Item).toMatchObject({ GSI1PK: 'FAVSTATION#75000001', GSI1SK: `USER#${sub}` });

    // Dashboard: cheapest first, too-old and out-of-stock prices never ranked, savings against the dept median.
    const dash = await api<DashboardResponse>(t, 'GET', '/api/me/dashboard?from=48.86,2.35');
    expect(dash.status).toBe(200);
    expect(dash.body.lastIngestAt).toBe(published.publishedAt);
    const gazole = dash.body.fuels.find((f) => f.fuel === 'Gazole');
    expect(gazole?.rows.map((r) => [r.stationId, r.status, r.cheapest])).toEqual([
      ['75000002', 'ok', true],
      ['75000001', 'ok', false],
      ['92000003', 'too-old', false],
    ]);
    expect(gazole?.savings).toMatchObject({
      cheapestPrice: 1.699,
      baseline: { kind: 'dept-median', dept: '75', price: 1.789 },
      perLitre: 0.09,
      perFill: 3.6, // 0.09 × 40 L
      yearlyLitres: 1300, // 20,000 km × 6.5 / 100
      perYear: 117, // 0.09 × 1300
    });
    expect(gazole?.rows[1]?.detour).toMatchObject({ worthIt: true });
    const e10 = dash.body.fuels.find((f) => f.fuel === 'E10');
    expect(e10?.rows[0]).toMatchObject({ stationId: '75000001', cheapest: true });
    expect(e10?.rows.find((r) => r.stationId === '75000002')?.status).toBe('out-of-stock');
    // No département median for E10: the favourites' median of usable prices (1.829, 1.889) is the baseline.
    expect(e10?.savings?.baseline).toMatchObject({ kind: 'favourites-median', price: 1.859, count: 2 });

    // Export: everything stored, and the Cognito attributes.
    const exp = await api<ExportResponse>(t, 'GET', '/api/me/export');
    expect(exp.status).toBe(200);
    expect(exp.body.sub).toBe(sub);
    expect(exp.body.account?.attributes).toMatchObject({ email, name: 'Camille', sub });
    expect(exp.body.profile).toMatchObject({
      displayName: 'Camille',
      favIds: ['75000001', '75000002', '92000003'],
    });
    expect(exp.body.favourites).toHaveLength(3);
    expect(exp.body.favourites[0]).not.toHaveProperty('PK');

    // Delete: data and Cognito user gone; a second call (a retry) is still a 204.
    expect((await api(t, 'DELETE', '/api/me/favourites/92000003')).status).toBe(204);
    expect((await api(t, 'DELETE', '/api/me/favourites/92000003')).status).toBe(204);
    expect((await api(t, 'DELETE', '/api/me')).status).toBe(204);
    await expect(signIn(pool, email)).rejects.toThrow();
    await expect(
      cognitoClient(pool).send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: sub })),
    ).rejects.toBeInstanceOf(UserNotFoundException);
    // The access token still passes the gateway (as with API Gateway's authorizer) until it expires: a retry
    // of the erase finishes cleanly; anything else is refused (the erasure tests below).
    expect((await api(t, 'DELETE', '/api/me')).status).toBe(204);
    const after = await api<ErrorBody>(t, 'GET', '/api/me/export');
    expect([after.status, after.body.error.code]).toEqual([401, 'account_erased']);
    expect(await itemsNaming(sub)).toEqual([]);
  });

  test('DELETE /api/me finishes the job after a crash that deleted the Cognito user but not the data', async () => {
    const u = await newUser(pool, 'crash@example.com');
    await api(u.accessToken, 'PUT', '/api/me', { displayName: 'Crash' });
    await api(u.accessToken, 'PUT', '/api/me/favourites/75000001');
    // Simulate the other half-way state too: the Cognito user already gone (e.g. deleted by an admin).
    await cognitoClient(pool).send(
      new AdminDeleteUserCommand({ UserPoolId: pool.userPoolId, Username: u.sub }),
    );
    expect((await api(u.accessToken, 'DELETE', '/api/me')).status).toBe(204);
    expect(await itemsNaming(u.sub)).toEqual([]);
  });
});

describe('erasure is final: the erased session cannot write (or read) again', () => {
  test('after DELETE /api/me the same token is refused everywhere and nothing is recreated', async () => {
    const u = await newUser(pool, 'erased@example.com', 'Erased');
    const t = u.accessToken;
    const setup = [
      await api(t, 'PUT', '/api/me', { displayName: 'Erased', alerts: { enabled: true } }),
      await api(t, 'PUT', '/api/me/favourites/75000001', { name: 'Home' }),
      await api(t, 'PUT', '/api/me/alerts', { rules: [ALERT_RULE], digest: true }),
    ];
    expect(setup.map((r) => r.status)).toEqual([200, 201, 200]);
    expect((await itemsNaming(u.sub)).length).toBeGreaterThan(3);
    expect((await api(t, 'DELETE', '/api/me')).status).toBe(204);

    const attempts: [string, string, unknown?][] = [
      ['PUT', '/api/me', { displayName: 'Back', yearlyKm: 1000 }],
      ['PUT', '/api/me/favourites/75000002', { name: 'Again' }],
      ['PUT', '/api/me/alerts', { rules: [ALERT_RULE], digest: true, enabled: true }],
      ['DELETE', '/api/me/favourites/75000001'],
      ['GET', '/api/me'],
      ['GET', '/api/me/favourites'],
      ['GET', '/api/me/alerts'],
      ['GET', '/api/me/dashboard?from=48.86,2.35'],
      ['GET', '/api/me/export'],
    ];
    for (const [method, path, body] of attempts) {
      const res = await api<ErrorBody>(t, method, path, body);
      expect([method, path, res.status, res.body?.error?.code]).toEqual([
        method,
        path,
        401,
        'account_erased',
      ]);
    }
    // Nothing under the user's key, nothing anywhere naming the sub: only the marker, keyed by its hash.
    expect(await itemsNaming(u.sub)).toEqual([]);
    const marker = await db().send(
      new GetCommand({ TableName: product.resources.tableName, Key: keys.erased(u.sub) }),
    );
    expect(Object.keys(marker.Item ?? {}).sort()).toEqual(['PK', 'SK', 'erasedAt', 'expiresAt']);
    expect(marker.Item?.expiresAt - marker.Item?.erasedAt).toBeGreaterThan(USER_POOL.accessTokenMinutes * 60);
  });

  test('another account of the same person (a new sign-up) is untouched by the old marker', async () => {
    const first = await newUser(pool, 'again@example.com');
    expect((await api(first.accessToken, 'DELETE', '/api/me')).status).toBe(204);
    const second = await newUser(pool, 'again@example.com');
    expect(second.sub).not.toBe(first.sub);
    const put = await api<MeResponse>(second.accessToken, 'PUT', '/api/me', { displayName: 'New' });
    expect(put.status).toBe(200);
    const exp = await api<ExportResponse>(second.accessToken, 'GET', '/api/me/export');
    expect(exp.body).toMatchObject({ profile: { displayName: 'New' }, other: [] });
  });
});

describe('PUT /api/me with part of `alerts`', () => {
  test('keeps the alert preferences it does not send, on a first save and after', async () => {
    const u = await newUser(pool, 'partial-alerts@example.com');
    const first = await api<MeResponse>(u.accessToken, 'PUT', '/api/me', { alerts: { dailyCap: 5 } });
    expect(first.status).toBe(200);
    expect(first.body.profile.alerts).toEqual({ enabled: false, dailyCap: 5 });
    const on = await api<MeResponse>(u.accessToken, 'PUT', '/api/me', { alerts: { enabled: true } });
    expect(on.body.profile.alerts).toEqual({ enabled: true, dailyCap: 5 });
    const cap = await api<MeResponse>(u.accessToken, 'PUT', '/api/me', { alerts: { dailyCap: 2 } });
    expect(cap.body.profile.alerts).toEqual({ enabled: true, dailyCap: 2 });
    const other = await api<MeResponse>(u.accessToken, 'PUT', '/api/me', { yearlyKm: 1000, alerts: {} });
    expect(other.body.profile).toMatchObject({ yearlyKm: 1000, alerts: { enabled: true, dailyCap: 2 } });
    const read = await api<MeResponse>(u.accessToken, 'GET', '/api/me');
    expect(read.body.profile.alerts).toEqual({ enabled: true, dailyCap: 2 });
    const bad = await api<{ error: { field: string } }>(u.accessToken, 'PUT', '/api/me', {
      alerts: { dailyCap: 11 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('alerts.dailyCap');
  });
});

describe('Cognito flows the site runs directly against the user pool', () => {
  test('refresh gives a new access token the API accepts; sign-out revokes the refresh token', async () => {
    const u = await newUser(pool, 'refresh@example.com');
    const fresh = await refresh(pool, u.refreshToken);
    expect((await api(fresh.accessToken, 'GET', '/api/me')).status).toBe(200);
    await cognitoClient(pool).send(
      new RevokeTokenCommand({ ClientId: pool.clientId, Token: u.refreshToken }),
    );
    await expect(refresh(pool, u.refreshToken)).rejects.toThrow();
  });

  test('forgot password → confirm with the code → sign in with the new password', async () => {
    const email = 'forgot@example.com';
    const { sub } = await newUser(pool, email);
    const c = cognitoClient(pool);
    await c.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: email }));
    expect(await readCode(dataDir, pool.userPoolId, email)).toBe(FIXED_CODE); // the code fallback reads the same
    const next = 'Another-horse-battery-7';
    await expect(
      c.send(
        new ConfirmForgotPasswordCommand({
          ClientId: pool.clientId,
          Username: email,
          ConfirmationCode: '000000',
          Password: next,
        }),
      ),
    ).rejects.toThrow();
    await c.send(
      new ConfirmForgotPasswordCommand({
        ClientId: pool.clientId,
        Username: email,
        ConfirmationCode: FIXED_CODE,
        Password: next,
      }),
    );
    await expect(signIn(pool, email, PASSWORD)).rejects.toThrow();
    expect(decodeJwt((await signIn(pool, email, next)).accessToken)).toMatchObject({
      sub,
      token_use: 'access',
    });
  });

  test('change password needs the current one', async () => {
    const email = 'change@example.com';
    const u = await newUser(pool, email);
    const c = cognitoClient(pool);
    const next = 'Changed-horse-battery-5';
    await expect(
      c.send(
        new ChangePasswordCommand({
          AccessToken: u.accessToken,
          PreviousPassword: 'wrong-Password-1',
          ProposedPassword: next,
        }),
      ),
    ).rejects.toThrow();
    await c.send(
      new ChangePasswordCommand({
        AccessToken: u.accessToken,
        PreviousPassword: PASSWORD,
        ProposedPassword: next,
      }),
    );
    expect(decodeJwt((await signIn(pool, email, next)).accessToken)).toMatchObject({
      sub: u.sub,
      token_use: 'access',
    });
  });

  test('change email: a code goes to the new address and verifying it marks it verified', async () => {
    const u = await newUser(pool, 'old@example.com');
    const c = cognitoClient(pool);
    const res = await c.send(
      new UpdateUserAttributesCommand({
        AccessToken: u.accessToken,
        UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
      }),
    );
    expect(res.CodeDeliveryDetailsList?.[0]).toMatchObject({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
    });
    await expect(
      c.send(
        new VerifyUserAttributeCommand({
          AccessToken: u.accessToken,
          AttributeName: 'email',
          Code: '000000',
        }),
      ),
    ).rejects.toThrow();
    await c.send(
      new VerifyUserAttributeCommand({
        AccessToken: u.accessToken,
        AttributeName: 'email',
        Code: FIXED_CODE,
      }),
    );
    const user = await c.send(new GetUserCommand({ AccessToken: u.accessToken }));
    const attrs = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(attrs).toMatchObject({ email: 'new@example.com', email_verified: 'true' });
    expect(decodeJwt((await signIn(pool, 'new@example.com')).accessToken)).toMatchObject({
      sub: u.sub,
      token_use: 'access',
    });
  });
});

describe('demo dashboard', () => {
  test('the nearest stations of the published snapshot, for a made-up driver, creating nothing', async () => {
    const userItems = async () =>
      (
        await db().send(
          new ScanCommand({
            TableName: product.resources.tableName,
            FilterExpression: 'begins_with(PK, :u)',
            ExpressionAttributeValues: { ':u': 'USER#' },
          }),
        )
      ).Items?.length;
    const before = await userItems();
    const res = await api<DashboardResponse>(null, 'GET', '/api/demo/dashboard?lat=48.86&lon=2.35');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ demo: true, favourites: 3, from: { lat: 48.86, lon: 2.35 } });
    expect(res.body.settings.fuels).toEqual(['Gazole', 'E10']);
    expect(res.body.fuels[0]?.rows[0]).toMatchObject({ stationId: '75000002', cheapest: true });
    const far = await api<DashboardResponse>(null, 'GET', '/api/demo/dashboard?lat=43.3&lon=5.4');
    expect(far.body).toMatchObject({ favourites: 0 });
    expect((await api(null, 'GET', '/api/demo/dashboard?lat=95&lon=2')).status).toBe(400);
    expect(await userItems()).toBe(before);
  });
});
