/**
 * The one DynamoDB table, defined once: CDK (infra/aws/storage.ts) and the local runtime
 * (infra/local/emulators.ts) both build it from this object. Item shapes live in keys.ts.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB deletes the item after it (history, lock). dynalite ignores it. */
  ttlAttribute: 'expiresAt',
  globalIndexes: [
    /** Inverted lookups: which users follow a station (alerts), runs by status, users by sign-up date. */
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  ],
} as const;
