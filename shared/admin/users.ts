import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminUser, AdminUsersResponse } from '../api/admin-types.ts';
import type { UserFacts } from './usage.ts';

/** The user pool the admin routes act on. */
export interface UserDirectory {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
}

/** ListUsers returns at most 60 users a page. */
export const LIST_USERS_MAX = 60;

/** Characters an email prefix may not contain: they would escape Cognito's filter string `email ^= "…"`. */
export const FILTER_UNSAFE = /["\\\p{Cc}]/u;

/** One page of users whose email starts with `emailPrefix` (all users when it is empty). */
export async function searchUsers(
  dir: UserDirectory,
  q: { emailPrefix?: string; cursor?: string; limit: number },
): Promise<AdminUsersResponse> {
  if (q.emailPrefix && FILTER_UNSAFE.test(q.emailPrefix)) throw new Error('unsafe email prefix');
  const res = await dir.cognito.send(
    new ListUsersCommand({
      UserPoolId: dir.userPoolId,
      Limit: Math.min(q.limit, LIST_USERS_MAX),
      ...(q.emailPrefix ? { Filter: `email ^= "${q.emailPrefix}"` } : {}),
      ...(q.cursor ? { PaginationToken: q.cursor } : {}),
    }),
  );
  return {
    users: (res.Users ?? []).map((u) =>
      toAdminUser(
        u.Username,
        u.Attributes,
        u.UserStatus,
        u.Enabled,
        u.UserCreateDate,
        u.UserLastModifiedDate,
      ),
    ),
    cursor: res.PaginationToken || null,
  };
}

/**
 * The user a path names (its username, or an alias such as the email Cognito accepts in its place), with
 * the canonical username the actions then use. Throws Cognito's UserNotFoundException.
 */
export async function getUser(dir: UserDirectory, username: string): Promise<AdminUser> {
  const u = await dir.cognito.send(
    new AdminGetUserCommand({ UserPoolId: dir.userPoolId, Username: username }),
  );
  return toAdminUser(
    u.Username ?? username,
    u.UserAttributes,
    u.UserStatus,
    u.Enabled,
    u.UserCreateDate,
    u.UserLastModifiedDate,
  );
}

/**
 * AdminResetUserPassword: Cognito emails the user a code and puts them in RESET_REQUIRED (sign-in then
 * throws PasswordResetRequiredException until they choose a new password with ConfirmForgotPassword);
 * nobody sees or sets the password here. The local stand-in does the same (infra/local/cognito-user-states.cjs).
 */
export async function resetPassword(dir: UserDirectory, username: string): Promise<void> {
  await dir.cognito.send(
    new AdminResetUserPasswordCommand({ UserPoolId: dir.userPoolId, Username: username }),
  );
}

/** AdminEnableUser / AdminDisableUser. Both are idempotent. */
export async function setEnabled(dir: UserDirectory, username: string, enabled: boolean): Promise<void> {
  const input = { UserPoolId: dir.userPoolId, Username: username };
  await dir.cognito.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
}

/**
 * Every user, for the usage figures: ListUsers pages of 60 with only the `sub` attribute, at most
 * `maxPages` pages (then `truncated`). Cost: one ListUsers call per 60 users (Cognito's ListUsers quota is
 * shared by the pool: keep this cached).
 */
export async function listAllUsers(
  dir: UserDirectory,
  maxPages: number,
): Promise<{ users: UserFacts[]; truncated: boolean }> {
  const users: UserFacts[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await dir.cognito.send(
      new ListUsersCommand({
        UserPoolId: dir.userPoolId,
        Limit: LIST_USERS_MAX,
        AttributesToGet: ['sub'],
        ...(token ? { PaginationToken: token } : {}),
      }),
    );
    for (const u of res.Users ?? []) {
      users.push({
        sub: attribute(u.Attributes, 'sub'),
        status: u.UserStatus ?? null,
        enabled: u.Enabled !== false,
        createdAt: u.UserCreateDate?.toISOString() ?? null,
      });
    }
    token = res.PaginationToken || undefined;
    if (!token) return { users, truncated: false };
  }
  return { users, truncated: true };
}

function toAdminUser(
  username: string | undefined,
  attributes: AttributeType[] | undefined,
  status: string | undefined,
  enabled: boolean | undefined,
  created: Date | undefined,
  updated: Date | undefined,
): AdminUser {
  return {
    username: username ?? '',
    sub: attribute(attributes, 'sub'),
    email: attribute(attributes, 'email'),
    name: attribute(attributes, 'name'),
    status: status ?? null,
    enabled: enabled !== false,
    createdAt: created?.toISOString() ?? null,
    updatedAt: updated?.toISOString() ?? null,
  };
}

function attribute(attributes: AttributeType[] | undefined, name: string): string | null {
  return attributes?.find((a) => a.Name === name)?.Value ?? null;
}
