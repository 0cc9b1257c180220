import { DeleteCommand, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../concurrency.ts';
import { USER_POOL } from '../platform.ts';
import { batchWriteAll } from './batch.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';
import { anonymiseReport } from './reports.ts';
import { TABLE_SCHEMA } from './schema.ts';

/** Everything stored under the user's key (`USER#<sub>`): profile, favourites, alert state, anything later. */
export async function listUserItems(table: Table, sub: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.userPk(sub) },
      ConsistentRead: true,
    },
  )) {
    items.push(...(res.Items ?? []));
  }
  return items;
}

/** The user's items grouped for the export, as stored but without table keys; sets become arrays. */
export function groupUserItems(items: readonly Record<string, unknown>[]) {
  const clean = ({ PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...rest }: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v instanceof Set ? [...v].sort() : v]));
  const sk = (item: Record<string, unknown>) => String(item.SK);
  const isProfile = (i: Record<string, unknown>) => sk(i) === keys.profile('').SK;
  const isFavourite = (i: Record<string, unknown>) => sk(i).startsWith(keys.favouritePrefix);
  const isAlertState = (i: Record<string, unknown>) => sk(i).startsWith(keys.alertStatePrefix);
  const isReport = (i: Record<string, unknown>) => sk(i).startsWith(keys.userReportPrefix);
  const profile = items.find(isProfile);
  return {
    profile: profile ? clean(profile) : null,
    favourites: items.filter(isFavourite).map(clean),
    alertStates: items.filter(isAlertState).map(clean),
    reports: items.filter(isReport).map(clean),
    other: items
      .filter((i) => !isProfile(i) && !isFavourite(i) && !isAlertState(i) && !isReport(i))
      .map(clean),
  };
}

/**
 * Erases every item under the user's key, in an order that keeps a re-run correct after a crash half-way:
 * everything but the profile first (favourites, alert state, …), the profile last, because it holds the
 * favourite slots — deleting it first would leave favourites that the cap no longer counts. The user's
 * reports are anonymised first (kept without their sub or comment: docs/ACCOUNTS.md). Returns how
 * many items were deleted. Idempotent: a second call finds nothing and deletes nothing.
 */
export async function eraseUserData(table: Table, sub: string): Promise<number> {
  const items = await listUserItems(table, sub);
  // Their reports stay, anonymised (./reports.ts), before the copies that lead to them are deleted.
  const at = new Date().toISOString();
  const reportIds = items
    .filter((i) => String(i.SK).startsWith(keys.userReportPrefix))
    .map((i) => String(i.SK).slice(keys.userReportPrefix.length));
  await mapLimit(reportIds, 4, (id) => anonymiseReport(table, id, at));
  const profileKey = keys.profile(sub);
  const others = items.filter((i) => i.SK !== profileKey.SK);
  await batchWriteAll(
    table,
    others.map((i) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } })),
  );
  if (others.length < items.length)
    await table.client.send(new DeleteCommand({ TableName: table.name, Key: profileKey }));
  return items.length;
}

/**
 * How long the erasure marker must outlive the erase: an access token issued before it is valid for
 * `USER_POOL.accessTokenMinutes` at most, plus a margin for clock skew. DynamoDB's TTL deletes it some time
 * after that, never before (dynalite never does, which only keeps a few bytes longer).
 */
const ERASURE_MARKER_MINUTES = USER_POOL.accessTokenMinutes + 15;

/**
 * Records that the user was erased at `now` (epoch seconds): the API refuses every session that started
 * by then (functions/http/lib/middleware.ts). Written before the erase and again after the Cognito user is
 * gone, so the later time covers a session started during the erase. The item holds the time only: its
 * key is a hash of the sub (keys.ts), no username, email or other data.
 */
export async function markErased(table: Table, sub: string, now: Date): Promise<void> {
  const at = Math.floor(now.getTime() / 1000);
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.erased(sub),
        erasedAt: at,
        [TABLE_SCHEMA.ttlAttribute]: at + ERASURE_MARKER_MINUTES * 60,
      },
    }),
  );
}

/** When the user was erased (epoch seconds), or null. Strongly consistent: a marker just written counts. */
export async function erasedAt(table: Table, sub: string): Promise<number | null> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.erased(sub), ConsistentRead: true }),
  );
  return typeof res.Item?.erasedAt === 'number' ? res.Item.erasedAt : null;
}
