import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One document client per process; the endpoint comes from the environment (AWS_ENDPOINT_URL_DYNAMODB locally). */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * The one table, bound once: every read and write in shared/db takes it instead of a (client, name) pair, so a
 * caller cannot pair a client with the wrong table and ~60 signatures lose a parameter.
 */
export interface Table {
  readonly client: DynamoDBDocumentClient;
  readonly name: string;
}

export function openTable(name: string, client: DynamoDBDocumentClient = createDocumentClient()): Table {
  return { client, name };
}
