/** Codes of a failed ingest run besides the feed reader's own (FeedErrorCode: NOT_A_ZIP, TRUNCATED…). */
export type IngestErrorCode =
  /** Every source failed (HTTP status, DNS, timeout, missing file); the message lists why. */
  | 'SOURCE_UNAVAILABLE'
  /** More compressed bytes than the cap. */
  | 'TOO_LARGE'
  /** A well-formed feed without a single station. */
  | 'EMPTY'
  /** The feed's newest price is older than the published one's: it would go back in time (validation). */
  | 'FEED_OLDER'
  /** Fewer stations than the last good run allows (validation). */
  | 'SHRUNK'
  /** Too many unreadable records (validation). */
  | 'UNREADABLE'
  /** Writing the raw archive to S3 failed. */
  | 'ARCHIVE_FAILED'
  /** DynamoDB writes failed (throttled beyond retries, or an error). */
  | 'WRITE_FAILED'
  /** Writing the snapshot or the pointer failed. */
  | 'PUBLISH_FAILED'
  /** The pointer moved under this run (another run published); nothing overwritten. */
  | 'PUBLISH_CONFLICT'
  /** The Lambda's remaining time fell below the safety margin before the run could finish. */
  | 'TIMEOUT'
  /** The names table or the name overrides could not be read: nothing read, nothing published (INGEST.md). */
  | 'NAMES_UNAVAILABLE'
  /** Anything else (a bug): the message says what. */
  | 'INTERNAL';

export class IngestError extends Error {
  readonly code: string;

  constructor(code: IngestErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IngestError';
    this.code = code;
  }
}

/** A source could not be read (status, network, timeout, no such file): the next source is tried. */
export class SourceError extends Error {
  /** Short reason for logs and the run record, e.g. `HTTP 502`, `ENOTFOUND`, `timeout after 20 s`. */
  readonly reason: string;

  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'SourceError';
    this.reason = reason;
  }
}

/** Errors of this project that carry a run error code (the feed reader's, the writer's, ours). */
const CODED = new Set(['IngestError', 'FeedError', 'BatchWriteError', 'PublishConflictError']);

/** `{ code, message }` for the run record: a known error keeps its code, anything else gets `fallback`. */
export function runError(
  error: unknown,
  fallback: IngestErrorCode = 'INTERNAL',
): { code: string; message: string } {
  if (!(error instanceof Error)) return { code: fallback, message: String(error) };
  const code = (error as { code?: unknown }).code;
  if (!CODED.has(error.name) || typeof code !== 'string') {
    return { code: fallback, message: `${error.name}: ${error.message}` };
  }
  // FeedError messages start with their code already.
  const message = error.message.startsWith(`${code}: `)
    ? error.message.slice(code.length + 2)
    : error.message;
  return { code, message };
}
