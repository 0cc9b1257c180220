import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { S3Client } from '@aws-sdk/client-s3';
import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Table } from '../db/client.ts';

/** Sends one raw MIME message to one address. */
export interface Mailer {
  send(raw: string, to: string): Promise<void>;
}

/** The address to write to, looked up at send time (never stored by the alerts). Null: no one to write to. */
export interface RecipientLookup {
  email(sub: string): Promise<string | null>;
}

/** What a run that emails users needs: the alert evaluation and the weekly digest. */
export interface MailRunDeps {
  table: Table;
  s3: S3Client;
  dataBucket: string;
  mailer: Mailer;
  recipients: RecipientLookup;
  /** Site origin for links, no trailing slash. */
  siteUrl: string;
  /** The From header, e.g. `Plein <alertes@plein.example>`. */
  from: string;
  /** The unsubscribe-link secret (created on first use). */
  secret: () => Promise<Uint8Array>;
  /** One structured line per run: counts only (never an address, a name or a user id). */
  log?: (message: string, counts: Record<string, unknown>) => void;
  /** Emails in flight. */
  sendConcurrency?: number;
  now?: () => Date;
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Backoff: a random delay in [0, min(maxDelayMs, baseDelayMs × 2^attempt)] ("full jitter"). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** SES errors that will not go away by trying again (bad address, unverified sender, paused account…). */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetSendingPausedException',
  'AccountSendingPausedException',
  'InvalidParameterValue',
  'AccessDeniedException',
  'AccessDenied',
]);

/**
 * SES refused this one message for good: in the sandbox, a recipient that is not verified ("Email address is
 * not verified"). A per-recipient outcome, not an outage: recorded, never retried (docs/ALERTS.md, "Sending").
 */
export function isRejectedMessage(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'MessageRejected';
}

export function isRetryableSesError(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e?.name && PERMANENT.has(e.name)) return false;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return e.name === 'Throttling' || e.name === 'ThrottlingException' || status === 429;
  return true; // 5xx, timeouts, connection errors
}

/**
 * SES SendRawEmail with a bounded retry: throttling, 5xx and network errors are retried with exponential
 * backoff and full jitter, at most `maxAttempts` times; a permanent error fails at once.
 */
export function sesMailer(
  ses: SESClient,
  options: RetryOptions & { configurationSet?: string } = {},
): Mailer {
  const { maxAttempts = 4, baseDelayMs = 200, maxDelayMs = 5_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  return {
    async send(raw, to) {
      for (let attempt = 0; ; attempt++) {
        try {
          await ses.send(
            new SendRawEmailCommand({
              RawMessage: { Data: new TextEncoder().encode(raw) },
              Destinations: [to],
              ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
            }),
          );
          return;
        } catch (error) {
          if (attempt + 1 >= maxAttempts || !isRetryableSesError(error)) throw error;
          await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
        }
      }
    },
  };
}

/**
 * The user's email from Cognito (AdminGetUser; with email as the sign-in alias the username is the `sub`).
 * Null when the user is gone, disabled, or has no usable address.
 */
export function cognitoRecipients(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
): RecipientLookup {
  return {
    async email(sub) {
      try {
        const u = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: sub }));
        if (u.Enabled === false) return null;
        const email = u.UserAttributes?.find((a) => a.Name === 'email')?.Value;
        return email && /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(email) ? email : null;
      } catch (error) {
        if (error instanceof UserNotFoundException || (error as Error).name === 'UserNotFoundException')
          return null;
        throw error;
      }
    },
  };
}
