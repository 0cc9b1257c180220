import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { ExportResponse, MeResponse, SavedPlace } from '#shared/api/account-types.ts';
import { createDocumentClient } from '#shared/db/client.ts';
import { FIXED_CODE, newUser, type Pool } from '../helpers/cognito.ts';
import { startApiProduct } from '../helpers/product.ts';

/** Saved places (issue 19 item 6) through the local gateway: PUT /api/me `places`, the cap, export, erase. */
process.env.CODE = FIXED_CODE;

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let pool: Pool;

beforeAll(async () => {
  ({ product, pool, stop } = await startApiProduct('places'));
});

afterAll(async () => {
  await stop?.();
});

type ErrorBody = { error: { code: string; message: string; field?: string } };

async function call<T>(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${product.url}${path}`, {
    method,
    headers: { authorization: token, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const maison: SavedPlace = { label: 'Maison', name: 'Lyon 3e Arrondissement', lat: 45.7597, lon: 4.8422 };
const travail: SavedPlace = { label: 'Travail', name: 'Villeurbanne', lat: 45.7719, lon: 4.8902 };
const place = (label: string): SavedPlace => ({ ...maison, label });

describe('saved places', () => {
  test('saved with the profile, kept by other saves, in GET /api/me, capped at 6, labels unique', async () => {
    const u = await newUser(pool, 'places@example.com');
    const t = u.accessToken;
    const fresh = await call<MeResponse>(t, 'GET', '/api/me');
    expect([fresh.body.profile.places, fresh.body.limits.places]).toEqual([[], 6]);

    const saved = await call<MeResponse>(t, 'PUT', '/api/me', { places: [maison, travail] });
    expect(saved.status).toBe(200);
    expect(saved.body.profile.places).toEqual([maison, travail]);
    // Another field saved later leaves the places alone (one UpdateItem of the fields sent).
    await call(t, 'PUT', '/api/me', { yearlyKm: 9000 });
    expect((await call<MeResponse>(t, 'GET', '/api/me')).body.profile.places).toEqual([maison, travail]);

    const six = ['Maison', 'Travail', 'Parents', 'Sport', 'École', 'Chalet'].map(place);
    expect((await call(t, 'PUT', '/api/me', { places: six })).status).toBe(200);
    const seventh = await call<ErrorBody>(t, 'PUT', '/api/me', { places: [...six, place('Plage')] });
    expect([seventh.status, seventh.body.error.code, seventh.body.error.field]).toEqual([
      400,
      'limit',
      'places',
    ]);
    const twice = await call<ErrorBody>(t, 'PUT', '/api/me', { places: [maison, place('MAISON')] });
    expect([twice.status, twice.body.error.code, twice.body.error.field]).toEqual([
      400,
      'invalid',
      'places.1.label',
    ]);
    for (const [bad, field] of [
      [{ ...maison, label: 'x'.repeat(31) }, 'places.0.label'],
      [{ ...maison, lat: 'north' }, 'places.0.lat'],
      [{ ...maison, PK: 'USER#someone-else' }, 'PK'], // an unknown field is named, as everywhere
    ] as const) {
      const res = await call<ErrorBody>(t, 'PUT', '/api/me', { places: [bad] });
      expect([res.status, res.body.error.code, res.body.error.field]).toEqual([400, 'invalid', field]);
    }
    // The refused saves changed nothing.
    const after = await call<MeResponse>(t, 'GET', '/api/me');
    expect(after.body.profile.places.map((p) => p.label)).toEqual(six.map((p) => p.label));

    // Renaming and removing are a new list; [] clears them.
    const renamed = await call<MeResponse>(t, 'PUT', '/api/me', {
      places: [{ ...maison, label: 'Chez moi' }],
    });
    expect(renamed.body.profile.places).toEqual([{ ...maison, label: 'Chez moi' }]);
    expect((await call<MeResponse>(t, 'PUT', '/api/me', { places: [] })).body.profile.places).toEqual([]);
  });

  test('in the export, and erased with the account', async () => {
    const u = await newUser(pool, 'places-erase@example.com');
    const t = u.accessToken;
    await call(t, 'PUT', '/api/me', { places: [maison, travail] });
    const exp = await call<ExportResponse>(t, 'GET', '/api/me/export');
    expect(exp.status).toBe(200);
    expect(exp.body.profile).toMatchObject({ places: [maison, travail] });

    expect((await call(t, 'DELETE', '/api/me')).status).toBe(204);
    const found: unknown[] = [];
    for await (const page of paginateScan(
      { client: createDocumentClient() },
      { TableName: product.resources.tableName },
    ))
      found.push(...(page.Items ?? []).filter((i) => JSON.stringify(i).includes(u.sub)));
    expect(found).toEqual([]);
  });
});
