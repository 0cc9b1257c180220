import { AdminGetUserCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalProduct } from '#infra/local/runtime.ts';
import type { AdminUserActionResponse, AdminUsersResponse } from '#shared/api/admin-types.ts';
import {
  cognitoClient,
  confirmForgotPassword,
  decodeJwt,
  FIXED_CODE,
  makeAdmin,
  newUser,
  PASSWORD,
  type Pool,
  readCode,
  refresh,
  signIn,
  type Tokens,
} from '../helpers/cognito.ts';
import { startApiProduct } from '../helpers/product.ts';

/**
 * The states an admin puts a user in, as AWS Cognito has them (docs/ADMIN.md, docs/ACCOUNTS.md), through the
 * admin routes of the local product and the calls the site makes to Cognito: a reset password (RESET_REQUIRED
 * until the emailed code is used) and a disabled account (no sign-in, no refresh).
 */
process.env.CODE = FIXED_CODE;

let product: LocalProduct;
let stop: (() => Promise<void>) | undefined;
let dataDir: string;
let pool: Pool;
let admin: Tokens;

beforeAll(async () => {
  ({ product, dataDir, pool, stop } = await startApiProduct('cognito-states'));
  await newUser(pool, 'root@example.com', 'Root');
  await makeAdmin(pool, 'root@example.com');
  admin = await signIn(pool, 'root@example.com');
});

afterAll(async () => {
  await stop?.();
});

async function api<T>(method: string, path: string, token = admin.accessToken) {
  const res = await fetch(`${product.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return {
    status: res.status,
    body: (await res.json()) as T & { error?: { code: string; field?: string; message: string } },
  };
}

/** An admin action on the user with this email, through the route the admin console calls. */
async function act(email: string, action: 'reset-password' | 'disable' | 'enable') {
  const list = await api<AdminUsersResponse>(
    'GET',
    `/api/admin/users?emailPrefix=${encodeURIComponent(email)}`,
  );
  const user = list.body.users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return api<AdminUserActionResponse>(
    'POST',
    `/api/admin/users/${encodeURIComponent(user.username)}/${action}`,
  );
}

const statusOf = async (email: string) =>
  (await cognitoClient(pool).send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email })))
    .UserStatus;

describe('a password reset by an admin', () => {
  test('the old password is refused with PasswordResetRequiredException until the emailed code sets a new one', async () => {
    const email = 'reset@example.com';
    const { sub } = await newUser(pool, email);
    const res = await act(email, 'reset-password');
    expect(res.status).toBe(202);
    expect(res.body.user).toMatchObject({ status: 'RESET_REQUIRED', enabled: true });
    expect(await statusOf(email)).toBe('RESET_REQUIRED');

    await expect(signIn(pool, email)).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });

    // The code it would email is in the pool file; a wrong one changes nothing.
    expect(await readCode(dataDir, pool.userPoolId, email)).toBe(FIXED_CODE);
    await expect(confirmForgotPassword(pool, email, 'Another-passw0rd-1', '000000')).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    await expect(signIn(pool, email)).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });

    await confirmForgotPassword(pool, email, 'A-brand-new-passw0rd');
    expect(await statusOf(email)).toBe('CONFIRMED');
    expect(decodeJwt((await signIn(pool, email, 'A-brand-new-passw0rd')).accessToken)).toMatchObject({
      sub,
      token_use: 'access',
    });
    // As AWS answers any wrong password (not InvalidPasswordException, which means "too weak").
    await expect(signIn(pool, email, PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('a reset for a disabled user is refused as in AWS: 409 "User is disabled.", status unchanged', async () => {
    const email = 'reset-off@example.com';
    await newUser(pool, email);
    expect((await act(email, 'disable')).status).toBe(200);
    const res = await act(email, 'reset-password');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'conflict',
      field: 'username',
      message: 'User is disabled.',
    });
    expect(await statusOf(email)).toBe('CONFIRMED');
  });
});

describe('a disabled user', () => {
  test('cannot sign in, refresh or use Cognito with their tokens; enabling restores sign-in, not the old refresh token', async () => {
    const email = 'off@example.com';
    const before = await newUser(pool, email);
    expect((await act(email, 'disable')).status).toBe(200);

    await expect(signIn(pool, email)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    await expect(signIn(pool, email, 'Wrong-passw0rd-123')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(refresh(pool, before.refreshToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(
      cognitoClient(pool).send(new GetUserCommand({ AccessToken: before.accessToken })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // As in AWS, the API's JWT check does not ask Cognito: an access token already issued lasts its hour.
    expect((await api('GET', '/api/me', before.accessToken)).status).toBe(200);

    expect((await act(email, 'enable')).status).toBe(200);
    const after = await signIn(pool, email);
    expect(decodeJwt((await refresh(pool, after.refreshToken)).accessToken)).toMatchObject({
      sub: before.sub,
      token_use: 'access',
    });
    // Disabling revoked the refresh tokens issued until then (AdminDisableUser "revokes all tokens").
    await expect(refresh(pool, before.refreshToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});
