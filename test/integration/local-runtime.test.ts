import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROUTES } from '#functions/http/routes.ts';
import { createTableInput } from '#infra/local/resources.ts';
import { type LocalProduct, startLocalProduct } from '#infra/local/runtime.ts';
import { BUCKETS } from '#shared/platform.ts';

const root = resolve(import.meta.dirname, '..', '..');
let product: LocalProduct;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'plein-runtime-'));
  product = await startLocalProduct({
    root,
    dataDir,
    persist: true,
    port: 0,
    build: false,
    schedule: false,
    log: () => {},
  });
});

afterAll(async () => {
  await product?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const api = (path: string, init?: RequestInit) => fetch(`${product.url}${path}`, init);

async function signIn(email: string, groups: string[] = []): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({ endpoint: product.endpoints.cognito });
  const { userPoolId, userPoolClientId } = product.resources;
  const password = 'Correct-horse-9';
  await cognito.send(new SignUpCommand({ ClientId: userPoolClientId, Username: email, Password: password }));
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: email }));
  for (const group of groups) {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
    );
  }
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const token = auth.AuthenticationResult?.AccessToken;
  if (!token) throw new Error('no access token');
  return token;
}

describe('resources come from the shared definitions', () => {
  test('the local table has exactly the keys and indexes of TABLE_SCHEMA', async () => {
    const ddb = new DynamoDBClient({ endpoint: product.endpoints.dynamodb });
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: product.resources.tableName }));
    const expected = createTableInput(product.resources.tableName);
    expect(Table?.KeySchema).toEqual(expected.KeySchema);
    expect(Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.KeySchema])).toEqual(
      expected.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.KeySchema]),
    );
  });

  test('every bucket of BUCKETS exists', async () => {
    const s3 = new S3Client({ endpoint: product.endpoints.s3, forcePathStyle: true });
    for (const bucket of Object.values(BUCKETS)) {
      await expect(s3.send(new HeadBucketCommand({ Bucket: bucket.localName }))).resolves.toBeDefined();
    }
  });

  test('.data/local.json tells CLI tools where the stack is', async () => {
    const file = JSON.parse(await readFile(join(dataDir, 'local.json'), 'utf8'));
    expect(file.url).toBe(product.url);
    expect(file.env.TABLE_NAME).toBe(product.resources.tableName);
  });
});

describe('gateway', () => {
  test('health answers without data', async () => {
    const res = await api('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'empty', stations: 0 });
  });

  test('config.json gives the site the API base and the user pool', async () => {
    const config = await (await api('/config.json')).json();
    expect(config).toMatchObject({
      apiBase: '/api',
      userPoolId: product.resources.userPoolId,
      userPoolClientId: product.resources.userPoolClientId,
      cognitoEndpoint: product.endpoints.cognito,
    });
  });

  test('unknown API paths get a JSON 404, wrong methods a JSON 405', async () => {
    const missing = await api('/api/does-not-exist');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const wrong = await api('/api/health', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
  });

  test('every route of the table is served: public ones answer, private ones ask for a token', async () => {
    for (const route of ROUTES) {
      const res = await api(route.path.replace(/\{(\w+)\}/g, '12345678'), { method: route.method });
      const body = (await res.json()) as { error?: { message?: string } };
      const label = `${route.method} ${route.path}`;
      expect(body.error?.message ?? '', label).not.toMatch(/^No route/);
      expect(res.status, label).not.toBe(405);
      if (route.auth !== 'public') expect(res.status, label).toBe(401);
    }
  });

  test('a signed-in user reaches user routes, not admin routes; an admin reaches both', async () => {
    const user = await signIn('driver@example.com');
    const me = await api('/api/me', { headers: { authorization: `Bearer ${user}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).profile).toMatchObject({ tankLitres: 50, fuels: [] });
    const forbidden = await api('/api/admin/runs', { headers: { authorization: user } });
    expect(forbidden.status).toBe(403);

    const admin = await signIn('admin@example.com', ['admin']);
    const runs = await api('/api/admin/runs', { headers: { authorization: `Bearer ${admin}` } });
    expect(runs.status).toBe(200);
    expect(await runs.json()).toEqual({ runs: [] });
  });

  test('a tampered token is refused like the AWS authorizer would', async () => {
    const token = await signIn('mallory@example.com');
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString('base64url')}.${s}`;
    const res = await api('/api/admin/runs', { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
  });
});
