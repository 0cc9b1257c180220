import {
  AdminResetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  UserNotFoundException,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import {
  FILTER_UNSAFE,
  listAllUsers,
  resetPassword,
  searchUsers,
  type UserDirectory,
} from '#shared/admin/users.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const dir: UserDirectory = {
  cognito: cognito as unknown as CognitoIdentityProviderClient,
  userPoolId: 'eu-west-3_pool',
};
beforeEach(() => cognito.reset());

const user = (n: number): UserType => ({
  Username: `uuid-${n}`,
  Attributes: [
    { Name: 'sub', Value: `uuid-${n}` },
    { Name: 'email', Value: `u${n}@example.com` },
  ],
  UserStatus: 'CONFIRMED',
  Enabled: n % 2 === 0,
  UserCreateDate: new Date('2025-07-28T10:00:00Z'),
  UserLastModifiedDate: new Date('2025-07-29T10:00:00Z'),
});

describe('searchUsers', () => {
  test('ListUsers with `email ^= "prefix"`, the page size and the cursor as PaginationToken', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user(2)], PaginationToken: 'next-page' });
    const page = await searchUsers(dir, { emailPrefix: 'u2', cursor: 'tok', limit: 25 });
    expect(cognito.commandCalls(ListUsersCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'eu-west-3_pool',
      Limit: 25,
      Filter: 'email ^= "u2"',
      PaginationToken: 'tok',
    });
    expect(page).toEqual({
      users: [
        {
          username: 'uuid-2',
          sub: 'uuid-2',
          email: 'u2@example.com',
          name: null,
          status: 'CONFIRMED',
          enabled: true,
          createdAt: '2025-07-28T10:00:00.000Z',
          updatedAt: '2025-07-29T10:00:00.000Z',
        },
      ],
      cursor: 'next-page',
    });
  });

  test('no prefix: no filter; the last page has no cursor', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [] });
    expect(await searchUsers(dir, { limit: 60 })).toEqual({ users: [], cursor: null });
    expect(cognito.commandCalls(ListUsersCommand)[0]?.args[0].input).not.toHaveProperty('Filter');
  });

  test('a prefix that could escape the filter string never reaches Cognito', async () => {
    for (const bad of ['a"', 'a\\', 'a\u0000', 'a\n'])
      await expect(searchUsers(dir, { emailPrefix: bad, limit: 1 })).rejects.toThrow();
    expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(0);
    expect(FILTER_UNSAFE.test("o'brien+fuel@example.com")).toBe(false);
  });
});

describe('listAllUsers', () => {
  test('pages of 60 until the last one', async () => {
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [user(1), user(2)], PaginationToken: 'p2' })
      .resolvesOnce({ Users: [user(3)] });
    const { users, truncated } = await listAllUsers(dir, 10);
    expect(truncated).toBe(false);
    expect(users.map((u) => u.sub)).toEqual(['uuid-1', 'uuid-2', 'uuid-3']);
    expect(users[0]).toEqual({
      sub: 'uuid-1',
      status: 'CONFIRMED',
      enabled: false,
      createdAt: '2025-07-28T10:00:00.000Z',
    });
    const inputs = cognito.commandCalls(ListUsersCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toEqual({ UserPoolId: 'eu-west-3_pool', Limit: 60, AttributesToGet: ['sub'] });
    expect(inputs[1]?.PaginationToken).toBe('p2');
  });

  test('stops at maxPages and says the figures are truncated', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user(1)], PaginationToken: 'more' });
    const { users, truncated } = await listAllUsers(dir, 3);
    expect(truncated).toBe(true);
    expect(users).toHaveLength(3);
  });
});

describe('resetPassword', () => {
  test('AdminResetUserPassword on the canonical username, nothing else', async () => {
    cognito.on(AdminResetUserPasswordCommand).resolves({});
    await resetPassword(dir, 'uuid-1');
    expect(cognito.calls()).toHaveLength(1);
    expect(cognito.commandCalls(AdminResetUserPasswordCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'eu-west-3_pool',
      Username: 'uuid-1',
    });
  });

  test("Cognito's errors reach the caller (the route maps them)", async () => {
    cognito
      .on(AdminResetUserPasswordCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    await expect(resetPassword(dir, 'x')).rejects.toBeInstanceOf(UserNotFoundException);
  });
});
