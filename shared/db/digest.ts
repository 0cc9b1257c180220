import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alertKeys } from './alert-keys.ts';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';

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
      ExpressionAttributeValues: { ':pk': alertKeys.digestPk },
      ProjectionExpression: 'GSI1SK',
      ExclusiveStartKey: cursor,
      Limit: limit,
    }),
  );
  return {
    subs: (res.Items ?? []).map((i) => String(i.GSI1SK).replace(/^USER#/, '')),
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
      Key: alertKeys.settings(sub),
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
      Key: alertKeys.settings(sub),
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
    new GetCommand({ TableName: table.name, Key: alertKeys.digestState(week), ConsistentRead: true }),
  );
  const item = res.Item;
  return {
    week,
    done: item?.done === true,
    cursor: (item?.cursor as Record<string, unknown> | undefined) ?? undefined,
    counts: (item?.counts as Record<string, number> | undefined) ?? {},
  };
}

export async function saveDigestState(table: Table, state: DigestState, now: Date): Promise<void> {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...alertKeys.digestState(state.week),
        done: state.done,
        ...(state.cursor ? { cursor: state.cursor } : {}),
        counts: state.counts,
        updatedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + 60 * 86_400,
      },
    }),
  );
}
