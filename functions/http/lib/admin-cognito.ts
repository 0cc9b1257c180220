import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import type { UserDirectory } from '#shared/admin/users.ts';
import { readEnv } from '#shared/env.ts';

/**
 * The user pool for the admin routes that read or change users, and nothing else (GET /api/admin/users has
 * no table access: importing table.ts here would fail its cold start). CDK sets USER_POOL_ID on routes whose
 * `access.cognito` lists actions.
 */
const env = readEnv({ USER_POOL_ID: z.string().min(1) });

export const directory: UserDirectory = {
  cognito: new CognitoIdentityProviderClient({ maxAttempts: 3 }),
  userPoolId: env.USER_POOL_ID,
};
