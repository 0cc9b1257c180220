import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';

/**
 * A per-deployment secret kept in the table: 32 random bytes created once with a conditional put (the first
 * writer wins; everyone then reads the same one). No other AWS service, so it works the same on dynalite and
 * in AWS; the table's encryption at rest covers it. Each deployment (table) has its own. `create: false`
 * only reads (null when none exists yet).
 */
export async function tableSecret(
  table: Table,
  key: { PK: string; SK: string },
  options: { create: boolean },
): Promise<Uint8Array | null> {
  const read = async () => {
    const res = await table.client.send(
      new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
    );
    return typeof res.Item?.secret === 'string'
      ? new Uint8Array(Buffer.from(res.Item.secret, 'base64url'))
      : null;
  };
  const existing = await read();
  if (existing || !options.create) return existing;
  await writeIf(
    table,
    new PutCommand({
      TableName: table.name,
      Item: { ...key, secret: randomBytes(32).toString('base64url'), createdAt: new Date().toISOString() },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  const created = await read();
  if (!created) throw new Error(`The secret ${key.PK}/${key.SK} could not be read back`);
  return created;
}
