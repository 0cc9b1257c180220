import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { disableForAddresses, undeliverableAddresses } from '#shared/alerts/bounce.ts';
import { openTable } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';

const env = readEnv({ TABLE_NAME: z.string().min(1), USER_POOL_ID: z.string().min(1) });
const logger = new Logger({ serviceName: 'plein-alerts-bounce' });
const deps = {
  table: openTable(env.TABLE_NAME),
  cognito: new CognitoIdentityProviderClient({ maxAttempts: 3 }),
  userPoolId: env.USER_POOL_ID,
};

/**
 * SES bounce and complaint notifications (SNS): turn alerts and the digest off for the users of each address
 * that bounced for good or complained. Logs counts only, never an address.
 */
export async function handler(event: SNSEvent) {
  const addresses = new Set<string>();
  let unreadable = 0;
  for (const record of event.Records ?? []) {
    try {
      for (const a of undeliverableAddresses(JSON.parse(record.Sns.Message))) addresses.add(a);
    } catch {
      unreadable++;
    }
  }
  const result = await disableForAddresses(deps, [...addresses]);
  logger.info('bounces handled', { records: event.Records?.length ?? 0, unreadable, ...result });
  return result;
}
