import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { AdminReportDecisionResponse, ReportCreatedResponse } from '#shared/api/report-types.ts';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import type { Station } from '#shared/domain/station.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { runNamesRefresh } from '#shared/names/refresh.ts';
import { createS3Client } from '#shared/s3.ts';
import { FIXED_CODE, makeAdmin, newUser, signIn, type Tokens } from '../helpers/cognito.ts';
import { quietIngestDeps, startApiProduct } from '../helpers/product.ts';

/**
 * An accepted report reaches the published station: the next ingest run joins the override over the OSM
 * names (shared/ingest reads shared/db/name-overrides.ts at each run), so the station is rewritten with the
 * corrected name and position. A small real feed (10 stations of 2014) keeps the runs short.
 */
process.env.CODE = FIXED_CODE;
const FEED = '../shared/feeds/extract_instantane_2014_10pdv_tofrine-EDITED.xml';
const STATION = '1000002'; // 16 Avenue de Marboz, Bourg-en-Bresse (46.21842, 5.22767)

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let driver: Tokens;
let admin: Tokens;

beforeAll(async () => {
  let pool: Awaited<ReturnType<typeof startApiProduct>>['pool'];
  ({ product, pool, stop } = await startApiProduct('reports-ingest'));
  expect((await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'test' })).status).toBe(
    'succeeded',
  );
  driver = await newUser(pool, 'driver@example.com', 'Driver');
  await newUser(pool, 'root@example.com', 'Root');
  await makeAdmin(pool, 'root@example.com');
  admin = await signIn(pool, 'root@example.com');
});

afterAll(async () => {
  await stop?.();
});

async function post<T>(token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${product.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as T;
}

/** The station as the ingest wrote it (the API's snapshot functions re-read the pointer once a minute). */
const station = async () => {
  const table = openTable(product.resources.tableName, createDocumentClient());
  const res = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.station(STATION) }));
  return res.Item as Station;
};

test('report → accept → the next ingest publishes the corrected name and position', async () => {
  expect((await station()).name ?? null).toBeNull();
  for (const body of [
    { kind: 'name', name: 'Intermarché Bourg Marboz' },
    { kind: 'position', lat: 46.2186, lon: 5.2281 },
  ]) {
    const sent = await post<ReportCreatedResponse>(
      driver.accessToken,
      `/api/stations/${STATION}/reports`,
      body,
    );
    const decided = await post<AdminReportDecisionResponse>(
      admin.accessToken,
      `/api/admin/reports/${sent.report.id}/accept`,
      {},
    );
    expect(decided.effect).toBe('override');
  }
  // Accepted, not yet ingested: the published station is unchanged.
  expect((await station()).name ?? null).toBeNull();

  // Same feed bytes: the run is not skipped because the overrides it joins moved.
  const run = await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'test' });
  expect([run.status, run.changed]).toEqual(['succeeded', 1]);
  const after = await station();
  expect(after).toMatchObject({ name: 'Intermarché Bourg Marboz', lat: 46.2186, lon: 5.2281 });

  // The weekly refresh then publishes OSM names that say otherwise: the accepted name and position still
  // win, and the field nobody corrected (the brand) comes from OSM.
  const dir = await mkdtemp(join(tmpdir(), 'plein-names-'));
  const csv = join(dir, 'osm.csv');
  await writeFile(csv, `ref:FR:prix-carburants,brand,name,operator,branch\n${STATION},Esso,Esso Marboz,,\n`);
  const resources = product.resources;
  const refreshed = await runNamesRefresh(
    {
      table: openTable(resources.tableName, createDocumentClient()),
      s3: createS3Client(),
      archiveBucket: resources.buckets.archive,
      dataBucket: resources.buckets.data,
      logger: { info() {}, warn() {}, error() {} },
    },
    { sources: [csv], trigger: 'test' },
  );
  await rm(dir, { recursive: true });
  expect(refreshed.status).toBe('succeeded');
  const next = await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'test' });
  expect([next.status, next.changed]).toEqual(['succeeded', 1]);
  expect(await station()).toMatchObject({
    name: 'Intermarché Bourg Marboz',
    brand: 'Esso',
    lat: 46.2186,
    lon: 5.2281,
  });
});
