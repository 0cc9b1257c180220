import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalProduct } from '#infra/local/runtime.ts';

/**
 * Small Cognito steps for tests against cognito-local, the same calls the site makes (it talks to Cognito
 * directly). Confirmation codes: set `CODE=123456` in process.env BEFORE starting the stack — cognito-local
 * runs as a child process that inherits the environment and then issues that code every time. Without it,
 * `readCode` finds the code in the pool's JSON file under the emulator's data folder.
 */
export const FIXED_CODE = '123456';
export const PASSWORD = 'Correct-horse-battery-9';

export interface Pool {
  endpoint: string;
  userPoolId: string;
  clientId: string;
}

/** The user pool of a running local product (cognito-local). */
export function poolOf(product: Pick<LocalProduct, 'endpoints' | 'resources'>): Pool {
  return {
    endpoint: product.endpoints.cognito,
    userPoolId: product.resources.userPoolId,
    clientId: product.resources.userPoolClientId,
  };
}

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export function cognitoClient(pool: Pool): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** SignUp with email + password + display name (`name`); returns the new user's sub. */
export async function signUp(
  pool: Pool,
  email: string,
  name = 'Test driver',
  password = PASSWORD,
): Promise<string> {
  const res = await cognitoClient(pool).send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: name },
      ],
    }),
  );
  if (!res.UserSub) throw new Error('SignUp returned no sub');
  return res.UserSub;
}

/** ConfirmSignUp with the emailed code (the fixed CODE unless one is given). */
export async function confirm(
  pool: Pool,
  email: string,
  code = process.env.CODE ?? FIXED_CODE,
): Promise<void> {
  await cognitoClient(pool).send(
    new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: email, ConfirmationCode: code }),
  );
}

/** ConfirmForgotPassword: the emailed code (the fixed CODE unless one is given) and a new password. */
export async function confirmForgotPassword(
  pool: Pool,
  email: string,
  password: string,
  code = process.env.CODE ?? FIXED_CODE,
): Promise<void> {
  await cognitoClient(pool).send(
    new ConfirmForgotPasswordCommand({
      ClientId: pool.clientId,
      Username: email,
      ConfirmationCode: code,
      Password: password,
    }),
  );
}

/** USER_PASSWORD_AUTH sign-in → the three tokens. */
export async function signIn(pool: Pool, email: string, password = PASSWORD): Promise<Tokens> {
  const res = await cognitoClient(pool).send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const r = res.AuthenticationResult;
  if (!r?.AccessToken || !r.IdToken || !r.RefreshToken) throw new Error('Sign-in returned no tokens');
  return { accessToken: r.AccessToken, idToken: r.IdToken, refreshToken: r.RefreshToken };
}

/** REFRESH_TOKEN_AUTH → fresh access and ID tokens (the refresh token itself is not rotated). */
export async function refresh(
  pool: Pool,
  refreshToken: string,
): Promise<{ accessToken: string; idToken: string }> {
  const res = await cognitoClient(pool).send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );
  const r = res.AuthenticationResult;
  if (!r?.AccessToken || !r.IdToken) throw new Error('Refresh returned no tokens');
  return { accessToken: r.AccessToken, idToken: r.IdToken };
}

/** Sign up, confirm with the code, sign in: a ready user. */
export async function newUser(pool: Pool, email: string, name?: string): Promise<Tokens & { sub: string }> {
  const sub = await signUp(pool, email, name);
  await confirm(pool, email);
  return { sub, ...(await signIn(pool, email)) };
}

/** Adds the user to the admin group; sign in again afterwards to get a token carrying the group. */
export async function makeAdmin(pool: Pool, email: string, group = 'admin'): Promise<void> {
  await cognitoClient(pool).send(
    new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: email, GroupName: group }),
  );
}

/**
 * The last code cognito-local issued to a user (sign-up confirmation, forgot password or attribute
 * verification), from its data file `<dataDir>/cognito/.cognito/db/<userPoolId>.json`.
 */
export async function readCode(dataDir: string, userPoolId: string, email: string): Promise<string> {
  const file = join(dataDir, 'cognito', '.cognito', 'db', `${userPoolId}.json`);
  const db = JSON.parse(await readFile(file, 'utf8')) as {
    Users?: Record<string, { Attributes?: { Name: string; Value: string }[]; [k: string]: unknown }>;
  };
  const user = Object.values(db.Users ?? {}).find((u) =>
    u.Attributes?.some((a) => a.Name === 'email' && a.Value === email),
  );
  const code = user?.ConfirmationCode ?? user?.AttributeVerificationCode;
  if (typeof code !== 'string') throw new Error(`No pending code for ${email}`);
  return code;
}

/** The claims of a JWT, without verifying it (for assertions). */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
