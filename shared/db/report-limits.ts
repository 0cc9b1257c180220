import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { TABLE_SCHEMA } from './schema.ts';

/**
 * The daily counters behind the report limits (REPORT_LIMITS, docs/ACCOUNTS.md "Reports"): one item per
 * account and Paris day (`USER#<sub>` / `REPORTDAY#<day>`) and per hashed address and day
 * (`REPORTIP#<hash>` / `<day>`), keys in ./keys.ts.
 */

/**
 * Takes one slot of a daily counter: one conditional update ("below the cap") that DynamoDB applies one at
 * a time per item, so concurrent reports can never pass the cap. The counter expires after its day (TTL).
 * Returns the count with this slot, or null when the cap is reached.
 */
export async function takeSlot(
  table: Table,
  key: { PK: string; SK: string },
  max: number,
  expiresAt: number,
): Promise<number | null> {
  try {
    const res = await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
        ExpressionAttributeNames: { '#n': 'count', '#ttl': TABLE_SCHEMA.ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':max': max, ':ttl': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.count ?? max);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

/** Gives a slot back (the other counter refused the report, so it was not sent). */
export async function releaseSlot(table: Table, key: { PK: string; SK: string }): Promise<void> {
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: key,
      UpdateExpression: 'ADD #n :minus',
      ConditionExpression: '#n > :zero',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
    }),
  );
}
