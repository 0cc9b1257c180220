/**
 * Resources defined once for both the CDK app and the local runtime.
 * Physical names are never fixed in AWS (CDK generates them); locally the `localName` is used.
 */
export const BUCKETS = {
  /** Raw feed archive: raw/YYYY/MM/DD/<time>.zip. Versioned, lifecycle to IA then expiry. */
  archive: { localName: 'plein-archive', env: 'ARCHIVE_BUCKET' },
  /** Published data: snapshot/… read by the API functions. */
  data: { localName: 'plein-data', env: 'DATA_BUCKET' },
  /** The static site (Astro build + config.json). */
  site: { localName: 'plein-site', env: 'SITE_BUCKET' },
} as const;

export type BucketKey = keyof typeof BUCKETS;

/** The ingest schedule, in minutes. CDK turns it into an EventBridge rate; the local runtime into a timer. */
export const INGEST_SCHEDULE = { everyMinutes: 15 } as const;

/** The official feed (ZIP of one ISO-8859-1 XML). */
export const DEFAULT_FEED_URL = 'https://donnees.roulez-eco.fr/opendata/instantane';

/** The Cognito group whose members may call admin routes. */
export const ADMIN_GROUP = 'admin';

/** Name of the table env var every function that touches DynamoDB reads. */
export const TABLE_ENV = 'TABLE_NAME';
