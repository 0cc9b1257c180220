import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cellsForCircle } from '../alerts/cells.ts';
import { readRules } from '../alerts/rules.ts';
import type { AlertRule } from '../api/alert-types.ts';
import { batchWriteAll, type WriteRequest } from './batch.ts';
import { batchGetItems, byKey, itemId } from './batch-get.ts';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';
import { tableSecret } from './secrets.ts';

/**
 * Alert settings: one item per user (`USER#<sub>` / `ALERTS`: rules, digest opt-in) plus, for each
 * place-scope rule, one small index item per grid cell its circle touches (GSI1PK `ALERTCELL#<fuel>#<cell>`,
 * GSI1SK `T<maxPrice in mills>#<sub>#<ruleId>` or `D<dropCents>#<sub>#<ruleId>`), so the evaluation finds the
 * rules that may match a changed price with one range query per changed (fuel, cell) — never a scan.
 * docs/ALERTS.md explains the layout and why favourite-scope rules need no index of their own.
 */
export interface AlertSettings {
  rules: AlertRule[];
  digest: boolean;
  /** Changes on every save; index items carry the rev they were written for. */
  rev: string | null;
  updatedAt: string | null;
}

const EMPTY_SETTINGS: AlertSettings = Object.freeze({
  rules: [],
  digest: false,
  rev: null,
  updatedAt: null,
});

function toSettings(item: Record<string, unknown> | undefined): AlertSettings {
  if (!item) return { ...EMPTY_SETTINGS, rules: [] };
  return {
    rules: readRules(item.rules),
    digest: item.digest === true,
    rev: typeof item.rev === 'string' ? item.rev : null,
    updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : null,
  };
}

export async function getAlertSettings(table: Table, sub: string): Promise<AlertSettings> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.alertSettings(sub) }),
  );
  return toSettings(res.Item);
}

/** Several users' settings at once (BatchGet); users without settings are absent. */
export async function getAlertSettingsMany(
  table: Table,
  subs: Iterable<string>,
): Promise<Map<string, AlertSettings>> {
  const list = [...subs];
  const items = byKey(
    await batchGetItems(
      table,
      list.map((s) => keys.alertSettings(s)),
    ),
  );
  const out = new Map<string, AlertSettings>();
  for (const sub of list) {
    const item = items.get(itemId(keys.alertSettings(sub)));
    if (item) out.set(sub, toSettings(item));
  }
  return out;
}

/** The settings item as stored (also used by the benchmark to seed users). */
export function settingsItem(
  sub: string,
  s: { rules: AlertRule[]; digest: boolean },
  rev: string,
  now: Date,
) {
  return {
    ...keys.alertSettings(sub),
    rules: s.rules,
    digest: s.digest,
    rev,
    updatedAt: now.toISOString(),
    ...(s.digest ? keys.digestIndex(sub) : {}),
  };
}

/** The cell index items of the user's place-scope rules. */
export function indexItems(sub: string, rules: readonly AlertRule[], rev: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const rule of rules) {
    if (rule.scope.kind !== 'place') continue;
    for (const cell of cellsForCircle(rule.scope.lat, rule.scope.lon, rule.scope.radiusKm)) {
      out.push({
        ...keys.alertIndex(sub, rule.id, cell),
        ...keys.alertCellIndex(sub, rule, cell),
        sub,
        rev,
        rule,
      });
    }
  }
  return out;
}

export function newRev(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Replaces the user's rules and digest flag. Order (no transactions): the settings item first (the truth),
 * then the index items of the new rules (same key ⇒ overwritten with the new rev), then the removal of index
 * items of older revs — skipped if another save got in meanwhile (it cleans up after itself). A crash in
 * between leaves extra index items of an old rev: the evaluation ignores them (their rev is not the
 * settings' rev) and the next save removes them.
 */
export async function saveAlertSettings(
  table: Table,
  sub: string,
  s: { rules: AlertRule[]; digest: boolean },
  now: Date,
): Promise<AlertSettings> {
  const rev = newRev();
  const item = settingsItem(sub, s, rev, now);
  await table.client.send(new PutCommand({ TableName: table.name, Item: item }));
  await batchWriteAll(
    table,
    indexItems(sub, s.rules, rev).map((Item) => ({ PutRequest: { Item } })),
  );
  await removeStaleIndex(table, sub, rev);
  return toSettings(item);
}

async function removeStaleIndex(table: Table, sub: string, rev: string) {
  const stale: WriteRequest[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :idx)',
      ExpressionAttributeValues: { ':pk': keys.userPk(sub), ':idx': keys.alertIndexPrefix },
      ProjectionExpression: 'PK, SK, rev',
      ConsistentRead: true,
    },
  )) {
    for (const i of res.Items ?? [])
      if (i.rev !== rev) stale.push({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } });
  }
  if (stale.length === 0) return;
  const current = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.alertSettings(sub),
      ProjectionExpression: 'rev',
      ConsistentRead: true,
    }),
  );
  if (current.Item?.rev === rev) await batchWriteAll(table, stale);
}

/**
 * Turns the weekly digest off (unsubscribe link, bounce): the flag and the DIGEST index keys go, the rules
 * stay. Nothing is created for a user without settings. Idempotent.
 */
export async function disableDigest(table: Table, sub: string): Promise<void> {
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.alertSettings(sub),
      UpdateExpression: 'SET digest = :off REMOVE GSI1PK, GSI1SK',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':off': false },
    }),
  );
}

/**
 * Turns alert emails off in the profile (`alerts.enabled = false`), keeping the daily cap. A user without a
 * profile or without alert preferences has alerts off already (the default): nothing is written. Idempotent.
 */
export async function disableAlertEmails(table: Table, sub: string): Promise<void> {
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.profile(sub),
      UpdateExpression: 'SET #alerts.#enabled = :off',
      ConditionExpression: 'attribute_exists(#alerts)',
      ExpressionAttributeNames: { '#alerts': 'alerts', '#enabled': 'enabled' },
      ExpressionAttributeValues: { ':off': false },
    }),
  );
}

/** The secret of unsubscribe links (./secrets.ts): created by the alert sender, read by the unsubscribe routes. */
export function alertsSecret(table: Table, options: { create: boolean }): Promise<Uint8Array | null> {
  return tableSecret(table, keys.alertsSecret, options);
}
