import { DeleteCommand, GetCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';

/**
 * Favourites: `USER#<sub>` / `FAV#<stationId>` items, also indexed by station (GSI1PK `FAVSTATION#<id>`,
 * GSI1SK `USER#<sub>`) so the alerts can ask who follows a station.
 *
 * The cap of MAX_FAVOURITES per user holds under concurrent requests without transactions (dynalite has
 * none): the profile item keeps the set of favourite station ids (`favIds`, the "slots"), and a favourite is
 * only written after its id went into that set with one conditional UpdateItem — "the set has room, or
 * already holds this id". DynamoDB applies conditional updates of one item one at a time, so two requests
 * can never both take the 50th slot. Adding an id that is already there changes nothing, so a repeated PUT
 * is idempotent. A crash between the two writes leaves a slot without a favourite (the safe side: never
 * more than 50 favourites); PUT or DELETE of that station again repairs it. See docs/ACCOUNTS.md.
 */
export const MAX_FAVOURITES = 50;

export interface Favourite {
  stationId: string;
  name: string | null;
  addedAt: string;
  updatedAt: string;
}

export class FavouriteLimitError extends Error {
  constructor() {
    super(`At most ${MAX_FAVOURITES} favourites`);
    this.name = 'FavouriteLimitError';
  }
}

/** The caller's favourites, oldest first. */
export async function listFavourites(table: Table, sub: string): Promise<Favourite[]> {
  const out: Favourite[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :fav)',
      ExpressionAttributeValues: { ':pk': keys.userPk(sub), ':fav': keys.favouritePrefix },
    },
  )) {
    for (const item of res.Items ?? []) out.push(toFavourite(item));
  }
  return out.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.stationId.localeCompare(b.stationId));
}

/**
 * Creates the favourite or renames it (`name` undefined keeps the name, null clears it).
 * Throws FavouriteLimitError when the caller already has MAX_FAVOURITES other favourites.
 */
export async function putFavourite(
  table: Table,
  sub: string,
  stationId: string,
  name: string | null | undefined,
  now: Date,
): Promise<{ favourite: Favourite; created: boolean }> {
  await takeSlot(table, sub, stationId);
  const values: Record<string, unknown> = {
    ':id': stationId,
    ':now': now.toISOString(),
    ...Object.fromEntries(Object.entries(keys.favouriteIndex(sub, stationId)).map(([k, v]) => [`:${k}`, v])),
  };
  let expression =
    'SET stationId = :id, addedAt = if_not_exists(addedAt, :now), updatedAt = :now, GSI1PK = :GSI1PK, GSI1SK = :GSI1SK';
  if (typeof name === 'string') {
    expression += ', #name = :name';
    values[':name'] = name;
  } else if (name === null) expression += ' REMOVE #name';
  const res = await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.favourite(sub, stationId),
      UpdateExpression: expression,
      ...(name !== undefined ? { ExpressionAttributeNames: { '#name': 'name' } } : {}),
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_OLD',
    }),
  );
  const old = res.Attributes ? toFavourite(res.Attributes) : null;
  const favourite: Favourite = {
    stationId,
    name: name === undefined ? (old?.name ?? null) : name,
    addedAt: old?.addedAt || now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // A DELETE of the same station may have freed the slot between the two writes: take it again, or undo.
  if (!(await holdsSlot(table, sub, stationId))) {
    try {
      await takeSlot(table, sub, stationId);
    } catch (error) {
      await table.client.send(
        new DeleteCommand({ TableName: table.name, Key: keys.favourite(sub, stationId) }),
      );
      throw error;
    }
  }
  return { favourite, created: old === null };
}

/** Removes the favourite, then frees its slot. Idempotent: removing what is not there is fine. */
export async function deleteFavourite(table: Table, sub: string, stationId: string): Promise<void> {
  // The item first: a crash between the two writes leaves a free-standing slot (safe), never an uncounted item.
  await table.client.send(new DeleteCommand({ TableName: table.name, Key: keys.favourite(sub, stationId) }));
  await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.profile(sub),
      UpdateExpression: 'DELETE favIds :ids',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':ids': new Set([stationId]) },
    }),
  );
}

/** Who follows a station (for the alerts): the subs, from GSI1. */
export async function listFollowers(table: Table, stationId: string): Promise<string[]> {
  const subs: string[] = [];
  // The SDK's paginator follows LastEvaluatedKey.
  for await (const res of paginateQuery(
    { client: table.client },
    {
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.followersPk(stationId) },
      ProjectionExpression: 'GSI1SK',
    },
  )) {
    for (const item of res.Items ?? []) subs.push(keys.subOf(item.GSI1SK));
  }
  return subs;
}

/** The one conditional write that enforces the cap (see the module comment). */
async function takeSlot(table: Table, sub: string, stationId: string) {
  const taken = await writeIf(
    table,
    new UpdateCommand({
      TableName: table.name,
      Key: keys.profile(sub),
      UpdateExpression: 'ADD favIds :ids',
      ConditionExpression: 'attribute_not_exists(favIds) OR contains(favIds, :id) OR size(favIds) < :max',
      ExpressionAttributeValues: { ':ids': new Set([stationId]), ':id': stationId, ':max': MAX_FAVOURITES },
    }),
  );
  if (!taken) throw new FavouriteLimitError();
}

async function holdsSlot(table: Table, sub: string, stationId: string) {
  const res = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.profile(sub),
      ProjectionExpression: 'favIds',
      ConsistentRead: true,
    }),
  );
  const ids = res.Item?.favIds as Set<string> | undefined;
  return ids?.has(stationId) ?? false;
}

function toFavourite(item: Record<string, unknown>): Favourite {
  return {
    stationId: String(item.stationId ?? String(item.SK ?? '').slice(keys.favouritePrefix.length)),
    name: typeof item.name === 'string' ? item.name : null,
    addedAt: String(item.addedAt ?? ''),
    updatedAt: String(item.updatedAt ?? ''),
  };
}
