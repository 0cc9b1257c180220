import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NameOverride } from '../domain/names.ts';
import type { Table } from './client.ts';
import { keys, withoutKeys } from './keys.ts';

/**
 * Accepted corrections of a station's name, brand or position (issue 16): one item per station in one
 * partition (a few hundred at most), read whole by each ingest run and joined over the OSM names.
 */
export async function putNameOverride(table: Table, override: NameOverride): Promise<void> {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.nameOverride(override.stationId), ...override },
    }),
  );
}

/** One station's override (strongly consistent: an accept merges over what was just accepted). */
export async function getNameOverride(table: Table, stationId: string): Promise<NameOverride | undefined> {
  const res = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.nameOverride(stationId), ConsistentRead: true }),
  );
  return res.Item ? toNameOverride(res.Item) : undefined;
}

/** Every override, by station id (paginated Query of the one partition). */
export async function listNameOverrides(table: Table): Promise<Map<string, NameOverride>> {
  const out = new Map<string, NameOverride>();
  let start: Record<string, unknown> | undefined;
  do {
    const res = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.nameOverridePk },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of res.Items ?? []) {
      const o = toNameOverride(item);
      out.set(o.stationId, o);
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

function toNameOverride(item: Record<string, unknown>): NameOverride {
  const data = withoutKeys(item);
  const o: NameOverride = {
    stationId: String(data.stationId),
    reportId: String(data.reportId ?? ''),
    acceptedAt: String(data.acceptedAt ?? ''),
  };
  if ('name' in data) o.name = typeof data.name === 'string' ? data.name : null;
  if ('brand' in data) o.brand = typeof data.brand === 'string' ? data.brand : null;
  if (typeof data.lat === 'number' && typeof data.lon === 'number')
    Object.assign(o, { lat: data.lat, lon: data.lon });
  return o;
}
