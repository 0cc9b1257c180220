import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../concurrency.ts';
import type { Station } from '../domain/station.ts';
import type { WriteRequest } from './batch.ts';
import type { Table } from './client.ts';
import { writeIf } from './conditional.ts';
import { keys } from './keys.ts';

/** How long a price history item is kept (DynamoDB TTL; dynalite ignores it). */
const HISTORY_TTL_DAYS = 400;

/** A station item: the Station fields, its content hash, and when this item was last written. */
export type StationItem = Station & {
  PK: string;
  SK: string;
  contentHash: string;
  /** ISO instant of the write (not a price date). */
  updatedAt: string;
  /** Set when the station disappeared from the feed; a full rewrite (it came back) clears it. */
  removedAt?: string;
};

/** One price as it was at `updatedAt` (the feed's price date). */
export interface HistoryItem {
  PK: string;
  SK: string;
  stationId: string;
  fuel: string;
  price: number;
  /** Epoch seconds, HISTORY_TTL_DAYS after the write. */
  expiresAt: number;
}

export function stationPut(station: Station, contentHash: string, writtenAt: string): WriteRequest {
  const item: StationItem = { ...keys.station(station.id), ...station, contentHash, updatedAt: writtenAt };
  return { PutRequest: { Item: { ...item } } };
}

export function historyPut(
  stationId: string,
  fuel: string,
  price: number,
  priceDate: string,
  writtenAtMs: number,
): WriteRequest {
  const item: HistoryItem = {
    ...keys.history(stationId, fuel, priceDate),
    stationId,
    fuel,
    price,
    expiresAt: Math.floor(writtenAtMs / 1000) + HISTORY_TTL_DAYS * 86_400,
  };
  return { PutRequest: { Item: { ...item } } };
}

/**
 * Marks stations that left the feed (`removedAt`, kept if already set) instead of deleting them: favourites
 * and history still point at them. A station without an item is ignored. Returns how many were marked.
 */
export async function markRemoved(
  table: Table,
  ids: readonly string[],
  at: string,
  concurrency = 6,
): Promise<number> {
  const marked = await mapLimit(ids, concurrency, (id) =>
    writeIf(
      table,
      new UpdateCommand({
        TableName: table.name,
        Key: keys.station(id),
        UpdateExpression: 'SET removedAt = if_not_exists(removedAt, :at)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      }),
    ),
  );
  return marked.filter(Boolean).length;
}
