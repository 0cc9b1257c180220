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

/**
 * The official feed (ZIP of one ISO-8859-1 XML), in its variant with stock-outs (`<rupture>`, issue 16): the
 * plain `instantane` carries none. The plain one is the fallback source when the ruptures one cannot be read.
 */
export const DEFAULT_FEED_URL = 'https://donnees.roulez-eco.fr/opendata/instantane_ruptures';
export const FALLBACK_FEED_URL = 'https://donnees.roulez-eco.fr/opendata/instantane';

/**
 * Station names and brands (issue 16, docs/NAMES.md): the Osmose "Stations-service" export of OpenStreetMap
 * on data.gouv.fr (a bz2 CSV, one column per OSM tag), read weekly; the compact table the names function
 * publishes lives at `objectKey` in the data bucket, the raw files under `rawPrefix` in the archive bucket.
 */
export const NAMES = {
  defaultUrl: 'https://www.data.gouv.fr/api/1/datasets/r/fcab3bd4-6c6d-4b73-95d2-cfd5e04ee651',
  objectKey: 'names/current.json',
  rawPrefix: 'names/raw/',
  /** Refuse a names file with fewer than (1 − maxShrink) × the station ids of the last good table. */
  maxShrink: 0.1,
  /** Weekly, Monday 05:00 Europe/Paris (before the digest), as an EventBridge Scheduler cron / a local timer. */
  schedule: { weekday: 1, hour: 5, minute: 0, timeZone: 'Europe/Paris' },
  credit: '© les contributeurs OpenStreetMap',
  licenceUrl: 'https://opendatacommons.org/licenses/odbl/1-0/',
} as const;

/**
 * The official yearly archives (issue 18, docs/HISTORY.md): one ZIP per year since `firstYear`, every price
 * change of the year. One backfill function run per year; the state machine runs the years one after another
 * (`maxConcurrency`), never touching the ingest's lock, table items or snapshot.
 */
export const BACKFILL = {
  firstYear: 2007,
  yearUrl: (year: number) => `https://donnees.roulez-eco.fr/opendata/annee/${year}`,
  dayUrl: (yyyymmdd: string) => `https://donnees.roulez-eco.fr/opendata/jour/${yyyymmdd}`,
  /** The 2025 file is ~32 MB zipped and ~390 MB of XML; caps with room for growth. */
  maxInputBytes: 256 * 1024 * 1024,
  maxInflatedBytes: 2 * 1024 * 1024 * 1024,
  /** A change undone within this many minutes (A → B → A) is a typo: B is kept, flagged `reverted`. */
  revertedWithinMinutes: 15,
  /** S3 writes in flight at once. */
  writeConcurrency: 8,
  /**
   * Station-years per S3 object, and the price changes an object may hold: one PUT per station costs more CPU in
   * the SDK than reading the station from the file (bench:backfill); 16 stations (~36 KB gzip) keep a station's
   * year one small GET, and the bound on changes keeps memory flat when a year holds more changes per station.
   */
  stationsPerObject: 16,
  changesPerObject: 12_000,
  stateMachine: { env: 'BACKFILL_STATE_MACHINE_ARN', localName: 'plein-backfill', maxConcurrency: 1 },
} as const;

/** The Cognito group whose members may call admin routes. */
export const ADMIN_GROUP = 'admin';

/** Name of the table env var every function that touches DynamoDB reads. */
export const TABLE_ENV = 'TABLE_NAME';

/**
 * The user pool and its app client, defined once: CDK (infra/aws/auth.ts) and the local Cognito
 * (infra/local/resources.ts) are both built from it.
 */
export const USER_POOL = {
  signInWithEmail: true,
  password: {
    minLength: 12,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: false,
  },
  /** Minutes. Short-lived access tokens; the site refreshes them. */
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  refreshTokenDays: 30,
  /** USER_PASSWORD_AUTH is what the local Cognito supports; SRP is allowed too in AWS. */
  authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  groups: [ADMIN_GROUP],
  /** The scope of Cognito access tokens that the API authorizer requires. */
  apiScope: 'aws.cognito.signin.user.admin',
} as const;

/**
 * What Lambda gives one function, defined once: CDK sets it on the function and the local runtime enforces it.
 * CPU comes with memory (`cpuShare`), so a function's cold work must fit its timeout at its memory's share.
 */
export interface FunctionLimits {
  /** Lambda MemorySize, in MB. */
  readonly memoryMB: number;
  /** Lambda Timeout, in seconds. */
  readonly timeoutSeconds: number;
}

/** Limits of Lambda and API Gateway (REST) that the local runtime reproduces (docs/LOCAL.md). */
export const AWS_LIMITS = {
  /** Lambda gives one full vCPU at this memory size, and a proportional share below it. */
  fullCpuMemoryMB: 1769,
  /** A synchronous invocation's request and response payloads: 6 MB each. */
  lambdaPayloadBytes: 6 * 1024 * 1024,
  /** An asynchronous (`Event`) invocation's payload: 1 MB (the Invoke API reference). */
  lambdaAsyncPayloadBytes: 1024 * 1024,
  /** API Gateway's integration timeout. */
  apiTimeoutSeconds: 29,
  /** API Gateway's largest request body. */
  apiBodyBytes: 10 * 1024 * 1024,
} as const;

/** The share of one vCPU a function of `memoryMB` runs with (single-threaded work gets at most one). */
export function cpuShare(memoryMB: number): number {
  return Math.min(1, memoryMB / AWS_LIMITS.fullCpuMemoryMB);
}

interface InvokableFunction {
  readonly handler: string;
  readonly env: string;
  readonly localName: string;
  readonly limits: FunctionLimits;
}

/** Functions invoked by other functions (not by API routes): the admin trigger invokes the ingest. */
export const INVOKABLE_FUNCTIONS = {
  ingest: {
    handler: 'functions/ingest/handler.ts',
    env: 'INGEST_FUNCTION_NAME',
    localName: 'plein-ingest',
    // A first load peaks at ~540 MB with the commune list (docs/INGEST.md); at 512 MB it would not fit.
    limits: { memoryMB: 1024, timeoutSeconds: 300 },
  },
  /** Price alerts (issue 8): invoked asynchronously by the ingest after each published run. */
  alerts: {
    handler: 'functions/alerts/evaluate.ts',
    env: 'ALERTS_FUNCTION_NAME',
    localName: 'plein-alerts',
    limits: { memoryMB: 1024, timeoutSeconds: 300 },
  },
  /** The weekly digest: on its schedule; invocable by hand locally (docs/ALERTS.md). */
  digest: {
    handler: 'functions/alerts/digest.ts',
    env: 'DIGEST_FUNCTION_NAME',
    localName: 'plein-digest',
    limits: { memoryMB: 1024, timeoutSeconds: 900 },
  },
  /** The names table (issue 16, docs/NAMES.md): weekly on its schedule, once after deploy, once at local start. */
  names: {
    handler: 'functions/names/handler.ts',
    env: 'NAMES_FUNCTION_NAME',
    localName: 'plein-names',
    // Measured on the real file as bz2: ~180 MB above the runtime's own (streamed end to end) and ~4 s of CPU
    // (a second of it the brand matcher's location index), so ~15 s at 512 MB's CPU share. The full export
    // has more columns, not more rows: 120 s leaves room for a slow download.
    limits: { memoryMB: 512, timeoutSeconds: 120 },
  },
  /** One year of the official archives into the history (issue 18): a state machine runs it year by year. */
  backfill: {
    handler: 'functions/backfill/handler.ts',
    env: 'BACKFILL_FUNCTION_NAME',
    localName: 'plein-backfill',
    // Streams the year (~390 MB of XML) at ~0.6 vCPU; memory stays flat with the size (bench:backfill).
    limits: { memoryMB: 1024, timeoutSeconds: 900 },
  },
} as const satisfies Record<string, InvokableFunction>;

/**
 * The weekly digest (issue 8): Monday 07:00 Europe/Paris. In AWS an EventBridge Scheduler cron in that time zone
 * fires at `hour:minute` and again every `retryEveryMinutes` until `untilHour` (each call continues where the
 * last one stopped; a finished week is a no-op); locally a timer fires once at that time.
 */
export const DIGEST_SCHEDULE = {
  weekday: 1,
  hour: 7,
  minute: 0,
  timeZone: 'Europe/Paris',
  retryEveryMinutes: 15,
  untilHour: 9,
} as const;
