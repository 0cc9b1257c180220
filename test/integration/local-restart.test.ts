import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, expect, test } from 'vitest';
import { FIXED_PORTS, freePorts } from '#infra/local/ports.ts';
import { startLocalProduct } from '#infra/local/runtime.ts';
import { keys } from '#shared/db/keys.ts';

const root = resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test('stopping and starting again keeps the data, the user pool and its users', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'plein-restart-'));
  dirs.push(dataDir);
  // Fixed ports as under npm start: Cognito's issuer (and so existing tokens) must stay the same.
  const port = await freePorts(FIXED_PORTS);
  const start = () =>
    startLocalProduct({ root, dataDir, persist: true, port, build: false, schedule: false, log: () => {} });

  const first = await start();
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: first.endpoints.dynamodb }));
  await db.send(
    new PutCommand({ TableName: first.resources.tableName, Item: { ...keys.profile('u1'), tankLitres: 42 } }),
  );
  const cognito = new CognitoIdentityProviderClient({ endpoint: first.endpoints.cognito });
  const { userPoolId, userPoolClientId } = first.resources;
  await cognito.send(
    new SignUpCommand({
      ClientId: userPoolClientId,
      Username: 'keep@example.com',
      Password: 'Correct-horse-9',
    }),
  );
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: 'keep@example.com' }));
  await first.stop();

  const second = await start();
  try {
    expect(second.resources).toEqual(first.resources);
    const db2 = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: second.endpoints.dynamodb }));
    const { Item } = await db2.send(
      new GetCommand({ TableName: second.resources.tableName, Key: keys.profile('u1') }),
    );
    expect(Item?.tankLitres).toBe(42);
    const auth = await new CognitoIdentityProviderClient({ endpoint: second.endpoints.cognito }).send(
      new InitiateAuthCommand({
        ClientId: userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'keep@example.com', PASSWORD: 'Correct-horse-9' },
      }),
    );
    const token = auth.AuthenticationResult?.AccessToken;
    const me = await fetch(`${second.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  } finally {
    await second.stop();
  }
});
