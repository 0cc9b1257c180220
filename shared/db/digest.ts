import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';

/** One page of the users opted in to the digest (GSI1 `DIGEST` partition: no scan). */
export async function listDigestUsers(
  table: Table,
  cursor: Record<string, unknown> | undefined,
  limit: number,
): Promise<{ subs: string[]; cursor: Record<string, unknown> | undefined }> {
  const res = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.digestPk },
      ProjectionExpression: 'GSI1SK',
      ExclusiveStartKey: cursor,
      Limit: limit,
    }),
  );
  return {
    subs: (res.Items ?? []).map((i) => keys.subOf(i.GSI1SK)),
    cursor: res.LastEvaluatedKey,
  };
}

/**
 * Reserves this week's digest for the user (one conditional update of the settings item): only while they
 * are opted in and it was not sent for this week yet. A re-run of the week skips them.
 */
export async function claimDigest(table: Table, sub: string, week: string): Promise<boolean> {
  return writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.alertSettings(sub),
      UpdateExpression: 'SET digestWeek = :week',
      ConditionExpression: 'digest = :on AND (attribute_not_exists(digestWeek) OR digestWeek <> :week)',
      ExpressionAttributeValues: { ':week': week, ':on': true },
    }),
  );
}

/** Gives the week's claim back after a send that failed for good (the next scheduled call retries). */
export async function releaseDigest(table: Table, sub: string, week: string): Promise<void> {
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.alertSettings(sub),
      UpdateExpression: 'REMOVE digestWeek',
      ConditionExpression: 'digestWeek = :week',
      ExpressionAttributeValues: { ':week': week },
    }),
  );
}

export interface DigestState {
  week: string;
  done: boolean;
  cursor?: Record<string, unknown>;
  counts: Record<string, number>;
}

export async function getDigestState(table: Table, week: string): Promise<DigestState> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.digestState(week), ConsistentRead: true }),
  );
  return toDigestState(week, res.Item);
}

/** A week's digest progress from its item (none yet: not done, no cursor, no counts). */
function toDigestState(week: string, item: Record<string, unknown> | undefined): DigestState {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  const counts = isMap(item?.counts)
    ? Object.fromEntries(
        Object.entries(item.counts).filter((e): e is [string, number] => typeof e[1] === 'number'),
      )
    : {};
  return { week, done: item?.done === true, ...(isMap(item?.cursor) ? { cursor: item.cursor } : {}), counts };
}

export async function saveDigestState(table: Table, state: DigestState, now: Date): Promise<void> {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.digestState(state.week),
        done: state.done,
        ...(state.cursor ? { cursor: state.cursor } : {}),
        counts: state.counts,
        updatedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + 60 * 86_400,
      },
    }),
  );
}
