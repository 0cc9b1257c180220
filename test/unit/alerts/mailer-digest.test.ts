import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { undeliverableAddresses } from '#shared/alerts/bounce.ts';
import { digestWeek, lowestInEffect, nextDigestAt } from '#shared/alerts/digest.ts';
import {
  cognitoRecipients,
  isRejectedMessage,
  isRetryableSesError,
  sesMailer,
} from '#shared/alerts/mailer.ts';
import { parisInstant } from '#shared/domain/time.ts';
import { DIGEST_SCHEDULE } from '#shared/platform.ts';

const ses = mockClient(SESClient);
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => {
  ses.reset();
  cognito.reset();
});

const sesError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('sending with SES', () => {
  const delays: number[] = [];
  const mailer = (maxAttempts = 4) =>
    sesMailer(new SESClient({ region: 'eu-west-3' }), {
      maxAttempts,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 1,
      sleep: async (ms) => {
        delays.push(ms);
      },
      configurationSet: 'plein-alerts',
    });

  test('throttling and 5xx are retried with exponential backoff, then the send succeeds', async () => {
    delays.length = 0;
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(sesError('Throttling', 400))
      .rejectsOnce(sesError('ServiceUnavailable', 503))
      .resolves({ MessageId: 'm1' });
    await mailer().send('raw', 'a@b.example');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input).toMatchObject({
      Destinations: ['a@b.example'],
      ConfigurationSetName: 'plein-alerts',
    });
  });

  test('bounded: after maxAttempts the error is thrown', async () => {
    delays.length = 0;
    ses.on(SendRawEmailCommand).rejects(sesError('Throttling', 400));
    await expect(mailer(3).send('raw', 'a@b.example')).rejects.toThrow('Throttling');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  test('a permanent error (rejected message) is not retried', async () => {
    ses.on(SendRawEmailCommand).rejects(sesError('MessageRejected', 400));
    await expect(mailer().send('raw', 'a@b.example')).rejects.toThrow('MessageRejected');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
    expect(isRetryableSesError(new Error('socket hang up'))).toBe(true);
    expect(isRetryableSesError(sesError('InvalidParameterValue', 400))).toBe(false);
  });

  test('only MessageRejected is a per-recipient rejection (recorded, never retried); deployment errors are not', () => {
    expect(isRejectedMessage(sesError('MessageRejected', 400))).toBe(true);
    for (const name of ['AccessDeniedException', 'AccountSendingPausedException', 'Throttling'])
      expect(isRejectedMessage(sesError(name, 400)), name).toBe(false);
    expect(isRejectedMessage(new Error('socket hang up'))).toBe(false);
    expect(isRejectedMessage(null)).toBe(false);
  });
});

describe('the recipient, from Cognito at send time', () => {
  const lookup = () =>
    cognitoRecipients(new CognitoIdentityProviderClient({ region: 'eu-west-3' }), 'eu-west-3_pool');

  test('the email attribute of the user named by the sub', async () => {
    cognito.on(AdminGetUserCommand, { UserPoolId: 'eu-west-3_pool', Username: 'sub-1' }).resolves({
      Username: 'sub-1',
      Enabled: true,
      UserAttributes: [{ Name: 'email', Value: 'driver@example.com' }],
    });
    expect(await lookup().email('sub-1')).toBe('driver@example.com');
  });

  test('a deleted or disabled user, or an unusable address, gets nothing', async () => {
    cognito
      .on(AdminGetUserCommand, { Username: 'gone' })
      .rejects(new UserNotFoundException({ message: 'x', $metadata: {} }));
    cognito
      .on(AdminGetUserCommand, { Username: 'off' })
      .resolves({ Username: 'off', Enabled: false, UserAttributes: [{ Name: 'email', Value: 'a@b.c' }] });
    cognito.on(AdminGetUserCommand, { Username: 'odd' }).resolves({
      Username: 'odd',
      Enabled: true,
      UserAttributes: [{ Name: 'email', Value: 'a@b.c>\r\nBcc: x@y.z' }],
    });
    expect(await lookup().email('gone')).toBeNull();
    expect(await lookup().email('off')).toBeNull();
    expect(await lookup().email('odd')).toBeNull();
  });
});

describe('the digest schedule (Europe/Paris wall clock)', () => {
  test('the week is the Paris Monday', () => {
    expect(digestWeek(new Date('2026-06-03T12:00:00Z'))).toBe('2026-06-01'); // Wednesday
    expect(digestWeek(new Date('2026-06-01T05:30:00Z'))).toBe('2026-06-01'); // Monday 07:30 Paris
    expect(digestWeek(new Date('2026-05-31T22:30:00Z'))).toBe('2026-06-01'); // Monday 00:30 Paris, Sunday in UTC
  });

  test('next Monday 07:00 Paris, in summer and winter time, and across the DST change', () => {
    const at = (iso: string) => nextDigestAt(new Date(iso), DIGEST_SCHEDULE).toISOString();
    expect(at('2026-06-03T12:00:00Z')).toBe('2026-06-08T05:00:00.000Z'); // CEST: 07:00 = 05:00Z
    expect(at('2026-01-07T12:00:00Z')).toBe('2026-01-12T06:00:00.000Z'); // CET: 07:00 = 06:00Z
    expect(at('2026-03-27T12:00:00Z')).toBe('2026-03-30T05:00:00.000Z'); // clocks go forward on 29 March
    expect(at('2026-06-08T04:59:00Z')).toBe('2026-06-08T05:00:00.000Z'); // same morning
    expect(at('2026-06-08T05:00:00Z')).toBe('2026-06-15T05:00:00.000Z'); // just due: next week
    expect(parisInstant('2026-10-25', 7, 0).toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  test('the lowest price in effect during a window: the one in force at its start counts', () => {
    const points = [
      { at: '2026-05-20T08:00:00+02:00', price: 1.7 }, // in force when the window opens
      { at: '2026-05-26T08:00:00+02:00', price: 1.75 },
      { at: '2026-05-29T08:00:00+02:00', price: 1.68 },
      { at: '2026-06-02T08:00:00+02:00', price: 1.6 }, // after the window
      { at: '2026-05-27T08:00:00+02:00', price: 0.01 }, // implausible: ignored
    ];
    const from = Date.parse('2026-05-25T00:00:00+02:00');
    const to = Date.parse('2026-06-01T00:00:00+02:00');
    expect(lowestInEffect(points, from, to)).toBe(1.68);
    expect(lowestInEffect(points.slice(0, 2), from, to)).toBe(1.7);
    expect(lowestInEffect([], from, to)).toBeNull();
  });
});

describe('bounces and complaints', () => {
  test('permanent bounces and complaints count, transient bounces do not; both SNS formats', () => {
    expect(
      undeliverableAddresses({
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Gone@Example.com ' }] },
      }),
    ).toEqual(['gone@example.com']);
    expect(
      undeliverableAddresses({
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'a@b.c' }] },
      }),
    ).toEqual(['a@b.c']);
    expect(
      undeliverableAddresses({
        eventType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@b.c' }] },
      }),
    ).toEqual([]);
    expect(undeliverableAddresses({ eventType: 'Delivery' })).toEqual([]);
    expect(undeliverableAddresses(null)).toEqual([]);
  });
});
