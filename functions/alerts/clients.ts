import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESClient } from '@aws-sdk/client-ses';
import * as z from 'zod';
import { cognitoRecipients, sesMailer } from '#shared/alerts/mailer.ts';
import { webPushSender } from '#shared/alerts/push.ts';
import { pushLoopbackAllowed } from '#shared/alerts/push-endpoint.ts';
import { type VapidKeys, vapidKeys, vapidSubject } from '#shared/alerts/vapid.ts';
import { alertsSecret } from '#shared/db/alert-settings.ts';
import { openTable } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';
import { createS3Client } from '#shared/s3.ts';

/**
 * Configuration and clients of the alert functions (evaluate, digest), read once at cold start. CDK sets these
 * in infra/aws/alerts.ts; the local runtime in infra/local/runtime.ts.
 */
const env = readEnv({
  TABLE_NAME: z.string().min(1),
  DATA_BUCKET: z.string().min(1),
  USER_POOL_ID: z.string().min(1),
  /** Site origin for links (CloudFront URL in AWS, http://localhost:3000 locally). */
  SITE_URL: z.url().transform((u) => u.replace(/\/+$/, '')),
  /** The From header: an SES-verified address, optionally with a display name. */
  ALERTS_FROM_EMAIL: z
    .string()
    .min(3)
    .refine((v) => !/[\r\n]/.test(v), 'one line'),
  /** SES configuration set whose events (bounces, complaints) go to the bounce topic (AWS only). */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Region of the SES identity when it is not the stack's. */
  SES_REGION: z.string().min(1).optional(),
});

export const logger = new Logger({ serviceName: 'plein-alerts' });
const table = openTable(env.TABLE_NAME);
export const s3 = createS3Client();

// Bounded: our own retry (sesMailer) decides; a request that hangs is cut, never waited on forever.
const ses = new SESClient({
  ...(env.SES_REGION ? { region: env.SES_REGION } : {}),
  maxAttempts: 1,
  requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 },
});
const cognito = new CognitoIdentityProviderClient({ maxAttempts: 3 });

let secret: Promise<Uint8Array> | undefined;

export const config = {
  dataBucket: env.DATA_BUCKET,
  siteUrl: env.SITE_URL,
  from: env.ALERTS_FROM_EMAIL,
};

export const mailer = sesMailer(ses, { configurationSet: env.SES_CONFIGURATION_SET });
export const recipients = cognitoRecipients(cognito, env.USER_POOL_ID);

/** The unsubscribe-link secret, created on first use and kept for the life of the container. */
export function linkSecret(): Promise<Uint8Array> {
  secret ??= alertsSecret(table, { create: true }).then((s) => {
    if (!s) throw new Error('no alerts secret');
    return s;
  });
  secret.catch(() => {
    secret = undefined;
  });
  return secret;
}

let vapid: Promise<VapidKeys> | undefined;

/** The deployment's VAPID keys (Web Push, issue 19): created on first use, kept for the life of the container. */
function vapidPair(): Promise<VapidKeys> {
  vapid ??= vapidKeys(table);
  vapid.catch(() => {
    vapid = undefined;
  });
  return vapid;
}

/** Web Push to the users' devices (shared/alerts/push.ts): the evaluation's second channel. */
export const push = webPushSender({
  vapid: vapidPair,
  subject: vapidSubject(config.from),
  allowLoopback: pushLoopbackAllowed(),
});

/** What the evaluate and digest functions both hand to their domain run. */
export const alertDeps = {
  table,
  s3,
  dataBucket: config.dataBucket,
  mailer,
  recipients,
  siteUrl: config.siteUrl,
  from: config.from,
  secret: linkSecret,
  log: (message: string, counts?: Record<string, unknown>) => logger.info(message, counts ?? {}),
};
