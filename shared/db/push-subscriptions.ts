import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';

/**
 * A user's Web Push subscriptions (issue 19, docs/ALERTS.md "Push notifications"): one item
 * `USER#<sub>` / `PUSHSUBS` whose map `subs` holds at most MAX_PUSH_SUBSCRIPTIONS devices, keyed by a hash of
 * the endpoint. One item because the cap then holds under concurrent requests with one conditional update
 * (no transactions on dynalite), and the alerts read a user's devices with one GetItem. Under the user's key,
 * so the export lists it and erasing the account deletes it.
 */
export const MAX_PUSH_SUBSCRIPTIONS = 5;

export interface StoredPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  savedAt: string;
}

export class PushSubscriptionLimitError extends Error {
  constructor() {
    super(`At most ${MAX_PUSH_SUBSCRIPTIONS} devices receive push notifications: remove one first`);
    this.name = 'PushSubscriptionLimitError';
  }
}

/** The map key of an endpoint: endpoints are long URLs; a hash is a short, safe attribute name. */
function slot(endpoint: string): string {
  return createHash('sha256').update(endpoint).digest('base64url').slice(0, 22);
}

export async function listPushSubscriptions(table: Table, sub: string): Promise<StoredPushSubscription[]> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.pushSubscriptions(sub), ConsistentRead: true }),
  );
  const subs = res.Item?.subs;
  if (!subs || typeof subs !== 'object') return [];
  return Object.values(subs as Record<string, StoredPushSubscription>)
    .filter((s) => typeof s?.endpoint === 'string' && typeof s.keys?.p256dh === 'string')
    .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

/**
 * Saves the device, or replaces the keys of an endpoint saved before (idempotent by endpoint). Throws
 * PushSubscriptionLimitError for a 6th endpoint. Two conditional updates at most per attempt: "this endpoint
 * is there, or there is room" on an existing map; else "no map yet" to create it with this one device.
 */
export async function savePushSubscription(
  table: Table,
  sub: string,
  input: { endpoint: string; keys: { p256dh: string; auth: string } },
  now: Date,
): Promise<{ created: boolean; count: number }> {
  const key = keys.pushSubscriptions(sub);
  const h = slot(input.endpoint);
  const entry = (savedAt: string): StoredPushSubscription => ({
    endpoint: input.endpoint,
    keys: { p256dh: input.keys.p256dh, auth: input.keys.auth },
    savedAt,
  });
  // A map created by a concurrent first save makes the second step fail: then the first step again.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await table.client.send(
        new UpdateCommand({
          TableName: table.name,
          Key: key,
          UpdateExpression: 'SET subs.#h = :entry, updatedAt = :now',
          ConditionExpression: 'attribute_exists(subs.#h) OR size(subs) < :max',
          ExpressionAttributeNames: { '#h': h },
          ExpressionAttributeValues: {
            ':entry': entry(now.toISOString()),
            ':now': now.toISOString(),
            ':max': MAX_PUSH_SUBSCRIPTIONS,
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = (res.Attributes?.subs ?? {}) as Record<string, StoredPushSubscription>;
      const existed = h in old;
      return { created: !existed, count: Object.keys(old).length + (existed ? 0 : 1) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const created = await writeIf(
      table,
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'SET subs = :subs, updatedAt = :now',
        ConditionExpression: 'attribute_not_exists(subs)',
        ExpressionAttributeValues: { ':subs': { [h]: entry(now.toISOString()) }, ':now': now.toISOString() },
      }),
    );
    if (created) return { created: true, count: 1 };
  }
  throw new PushSubscriptionLimitError();
}

/**
 * Removes one device (the user's DELETE, or the push service answering 404/410 for it). Idempotent. With
 * `ifKeys`, only when the stored keys are still those (a 410 for an old subscription must not remove the
 * same endpoint subscribed again meanwhile with new keys).
 */
export async function deletePushSubscription(
  table: Table,
  sub: string,
  endpoint: string,
  ifKeys?: { auth: string },
): Promise<void> {
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.pushSubscriptions(sub),
      UpdateExpression: 'REMOVE subs.#h',
      ConditionExpression: ifKeys ? 'subs.#h.#keys.#auth = :auth' : 'attribute_exists(subs.#h)',
      ExpressionAttributeNames: {
        '#h': slot(endpoint),
        ...(ifKeys ? { '#keys': 'keys', '#auth': 'auth' } : {}),
      },
      ...(ifKeys ? { ExpressionAttributeValues: { ':auth': ifKeys.auth } } : {}),
    }),
  );
}
