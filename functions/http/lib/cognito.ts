import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import type { ExportResponse } from '#shared/api/account-types.ts';
import { readEnv } from '#shared/env.ts';

/** The user pool for the routes whose `access.cognito` lists admin actions (CDK sets USER_POOL_ID). */
const env = readEnv({ USER_POOL_ID: z.string().min(1) });
const cognito = new CognitoIdentityProviderClient({ maxAttempts: 3 });

/** The Cognito user as the export shows it; null when it does not exist (any more). */
export async function getAccount(username: string): Promise<ExportResponse['account']> {
  try {
    const u = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: env.USER_POOL_ID, Username: username }),
    );
    return {
      username: u.Username ?? username,
      status: u.UserStatus ?? null,
      enabled: u.Enabled ?? null,
      createdAt: u.UserCreateDate?.toISOString() ?? null,
      updatedAt: u.UserLastModifiedDate?.toISOString() ?? null,
      attributes: Object.fromEntries((u.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? ''])),
    };
  } catch (error) {
    if (error instanceof UserNotFoundException) return null;
    throw error;
  }
}

/** Deletes the Cognito user; one that is already gone (a re-run after a crash) is not an error. */
export async function deleteAccount(username: string): Promise<void> {
  try {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: env.USER_POOL_ID, Username: username }));
  } catch (error) {
    if (!(error instanceof UserNotFoundException)) throw error;
  }
}
