import {
  type CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { disableAlertEmails, disableDigest } from '../db/alert-settings.ts';
import type { Table } from '../db/client.ts';

/**
 * Bounces and complaints (SES → SNS → this): the addresses that must not be written to again. Transient
 * bounces (mailbox full, …) are ignored; permanent bounces and complaints count. Both the event-publishing
 * format (`eventType`, configuration sets) and the identity-notification format (`notificationType`) are read.
 */
export function undeliverableAddresses(message: unknown): string[] {
  const m = message as {
    eventType?: string;
    notificationType?: string;
    bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
    complaint?: { complainedRecipients?: { emailAddress?: string }[] };
  };
  const type = m?.eventType ?? m?.notificationType;
  let list: { emailAddress?: string }[] = [];
  if (type === 'Bounce' && m.bounce?.bounceType === 'Permanent') list = m.bounce.bouncedRecipients ?? [];
  else if (type === 'Complaint') list = m.complaint?.complainedRecipients ?? [];
  return [
    ...new Set(list.map((r) => r.emailAddress?.trim().toLowerCase() ?? '').filter((a) => a.includes('@'))),
  ];
}

/** The subs of the Cognito users with this email (ListUsers filter; normally one). */
async function subsByEmail(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
): Promise<string[]> {
  const quoted = email.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const res = await cognito.send(
    new ListUsersCommand({
      UserPoolId: userPoolId,
      Filter: `email = "${quoted}"`,
      AttributesToGet: ['sub'],
      Limit: 10,
    }),
  );
  return (res.Users ?? []).flatMap((u) => {
    const sub = u.Attributes?.find((a) => a.Name === 'sub')?.Value ?? u.Username;
    return sub ? [sub] : [];
  });
}

/** Turns alert emails and the digest off for every user of each address. Returns counts (for the log). */
export async function disableForAddresses(
  deps: {
    table: Table;
    cognito: CognitoIdentityProviderClient;
    userPoolId: string;
  },
  addresses: readonly string[],
): Promise<{ addresses: number; users: number }> {
  let users = 0;
  for (const address of addresses) {
    for (const sub of await subsByEmail(deps.cognito, deps.userPoolId, address)) {
      await disableAlertEmails(deps.table, sub);
      await disableDigest(deps.table, sub);
      users++;
    }
  }
  return { addresses: addresses.length, users };
}
