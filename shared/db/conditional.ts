import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.ts';

/**
 * Sends a conditional write. Returns false when its condition did not hold — an expected outcome for the
 * callers (already done, someone else got there first) — and true when it was written; other errors throw.
 */
export async function writeIf(
  table: Table,
  command: PutCommand | UpdateCommand | DeleteCommand,
): Promise<boolean> {
  try {
    await table.client.send(command as UpdateCommand);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
