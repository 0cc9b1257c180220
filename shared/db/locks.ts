import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';

/** The lock item (PK LOCK#<name>, SK LOCK). `expiresAt` is also the table's TTL attribute. */
export interface LockItem {
  owner: string;
  acquiredAt: string;
  /** Epoch seconds: after it the lock is abandoned and anyone may take it over. */
  expiresAt: number;
}

export type LockResult = { acquired: true } | { acquired: false; holder: LockItem | null };

/**
 * Takes the named lock with one conditional put: it succeeds when nobody holds the lock or the holder's
 * expiry has passed (a crashed run cannot block the next ones for longer than its lease).
 * No transactions, no reserved concurrency.
 */
export async function acquireLock(
  table: Table,
  name: string,
  owner: string,
  leaseSeconds: number,
  now: Date = new Date(),
): Promise<LockResult> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const item: LockItem = {
    owner,
    acquiredAt: now.toISOString(),
    expiresAt: nowSeconds + Math.ceil(leaseSeconds),
  };
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...keys.lock(name), ...item },
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
    return { acquired: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const res = await table.client.send(
      new GetCommand({ TableName: table.name, Key: keys.lock(name), ConsistentRead: true }),
    );
    return { acquired: false, holder: res.Item ? toLock(res.Item) : null };
  }
}

function toLock(item: Record<string, unknown>): LockItem {
  return {
    owner: String(item.owner ?? ''),
    acquiredAt: String(item.acquiredAt ?? ''),
    expiresAt: typeof item.expiresAt === 'number' ? item.expiresAt : 0,
  };
}

/** Releases the lock if `owner` still holds it; false when someone else took it over meanwhile. */
export async function releaseLock(table: Table, name: string, owner: string): Promise<boolean> {
  return writeIf(
    table,
    new DeleteCommand({
      TableName: table.name,
      Key: keys.lock(name),
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': owner },
    }),
  );
}
