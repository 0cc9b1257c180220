import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readRules } from '../alerts/rules.ts';
import type { AlertRule } from '../api/alert-types.ts';
import { batchWriteAll } from './batch.ts';
import { batchGetItems, byKey, itemId } from './batch-get.ts';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';
import { type Profile, toProfile } from './profiles.ts';

/** Alert state and day counters are kept this long (DynamoDB TTL; dynalite ignores it). */
const ALERT_STATE_TTL_DAYS = 90;
const DAY_TTL_DAYS = 3;

export interface IndexedRule {
  sub: string;
  rev: string;
  rule: AlertRule;
}

/**
 * The place-scope rules registered in one (fuel, cell) whose sort key falls in [from, to]: thresholds of at
 * least the cell's lowest changed price (`T…`), or drop-only rules of at most its largest drop (`D…`).
 */
export async function queryCellRules(
  table: Table,
  partition: string,
  from: string,
  to: string,
): Promise<IndexedRule[]> {
  const out: IndexedRule[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': partition, ':from': from, ':to': to },
    },
  )) {
    for (const item of res.Items ?? []) {
      const [rule] = readRules([item.rule]);
      if (rule && typeof item.sub === 'string' && typeof item.rev === 'string')
        out.push({ sub: item.sub, rev: item.rev, rule });
    }
  }
  return out;
}

/** Last notified prices, keyed `<sub>|<stationId>#<fuel>`. */
export async function getAlertStates(
  table: Table,
  pairs: readonly { sub: string; stationId: string; fuel: string }[],
): Promise<Map<string, number>> {
  const items = byKey(
    await batchGetItems(
      table,
      pairs.map((p) => keys.alertState(p.sub, p.stationId, p.fuel)),
      { projection: ['price'] },
    ),
  );
  const out = new Map<string, number>();
  for (const p of pairs) {
    const item = items.get(itemId(keys.alertState(p.sub, p.stationId, p.fuel)));
    if (typeof item?.price === 'number') out.set(`${p.sub}|${p.stationId}#${p.fuel}`, item.price);
  }
  return out;
}

/** Records what was notified (after the send): the same station, fuel and price is never sent again. */
export async function putAlertStates(
  table: Table,
  entries: readonly { sub: string; stationId: string; fuel: string; price: number }[],
  runId: string,
  now: Date,
): Promise<void> {
  const expiresAt = Math.floor(now.getTime() / 1000) + ALERT_STATE_TTL_DAYS * 86_400;
  await batchWriteAll(
    table,
    entries.map((e) => ({
      PutRequest: {
        Item: {
          ...keys.alertState(e.sub, e.stationId, e.fuel),
          stationId: e.stationId,
          fuel: e.fuel,
          price: e.price,
          notifiedAt: now.toISOString(),
          runId,
          expiresAt,
        },
      },
    })),
  );
}

/** `rejected`: SES rejected a message to this user earlier that day (markAlertRejected): no more tries today. */
export type SendClaim = 'claimed' | 'duplicate' | 'capped' | 'rejected';

/**
 * Reserves the user's one alert email of this run, within the daily cap, with ONE conditional update of the
 * day item: add the run id and count one more email, only if the run is not there yet and fewer than `cap`
 * emails were sent today. A retry of the same run finds its id and gets `duplicate`: never two emails.
 */
export async function claimAlertSend(
  table: Table,
  sub: string,
  day: string,
  runId: string,
  cap: number,
  now: Date,
): Promise<SendClaim> {
  const key = keys.alertDay(sub, day);
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'ADD runs :run, sent :one SET expiresAt = :exp',
        ConditionExpression:
          '(attribute_not_exists(runs) OR NOT contains(runs, :runId)) AND (attribute_not_exists(sent) OR sent < :cap) AND attribute_not_exists(rejectedAt)',
        ExpressionAttributeValues: {
          ':run': new Set([runId]),
          ':runId': runId,
          ':one': 1,
          ':cap': cap,
          ':exp': Math.floor(now.getTime() / 1000) + DAY_TTL_DAYS * 86_400,
        },
      }),
    );
    return 'claimed';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const res = await table.client.send(
      new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
    );
    const runs = res.Item?.runs as Set<string> | undefined;
    if (runs?.has(runId)) return 'duplicate';
    return res.Item?.rejectedAt ? 'rejected' : 'capped';
  }
}

/**
 * SES rejected the user's email for good (MessageRejected): the claim is kept (a retry of the run is a
 * `duplicate`, never a resend) and the day item says so, so later runs that day do not try again. The next
 * Paris day tries once more (the recipient may have been verified meanwhile).
 */
export async function markAlertRejected(table: Table, sub: string, day: string, now: Date): Promise<void> {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.alertDay(sub, day),
      UpdateExpression: 'SET rejectedAt = :at',
      ExpressionAttributeValues: { ':at': now.toISOString() },
    }),
  );
}

/** Gives the claim back after a send that failed for good, so a retry of the run may send it. */
export async function releaseAlertSend(table: Table, sub: string, day: string, runId: string): Promise<void> {
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.alertDay(sub, day),
      UpdateExpression: 'DELETE runs :run ADD sent :minus',
      ConditionExpression: 'contains(runs, :runId)',
      ExpressionAttributeValues: { ':run': new Set([runId]), ':runId': runId, ':minus': -1 },
    }),
  );
}

/** Profiles of several users (BatchGet); users without a profile item are absent (alerts off by default). */
export async function getProfilesMany(table: Table, subs: Iterable<string>): Promise<Map<string, Profile>> {
  const list = [...subs];
  const items = byKey(
    await batchGetItems(
      table,
      list.map((s) => keys.profile(s)),
      { projection: ['alerts', 'displayName', 'fuels', 'tankLitres', 'consumptionL100', 'yearlyKm'] },
    ),
  );
  const out = new Map<string, Profile>();
  for (const sub of list) {
    const item = items.get(itemId(keys.profile(sub)));
    if (item) out.set(sub, toProfile(item));
  }
  return out;
}

/** The record of one run's evaluation (counts only: no address, no user id). */
export async function recordAlertRun(
  table: Table,
  runId: string,
  record: Record<string, unknown>,
): Promise<void> {
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: { ...keys.alertRun(runId), runId, ...record } }),
  );
}

export async function getAlertRun(table: Table, runId: string): Promise<Record<string, unknown> | null> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.alertRun(runId), ConsistentRead: true }),
  );
  return res.Item ?? null;
}
