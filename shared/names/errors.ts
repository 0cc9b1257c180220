/** Why a names file or a names refresh was refused or failed (docs/NAMES.md, "When a file is refused"). */
export type NamesErrorCode =
  /** Zero bytes, or a header without a single data row. */
  | 'EMPTY'
  /** Not CSV, or bz2 that does not decompress (a garbled or truncated download, an HTML error page…). */
  | 'NOT_CSV'
  /** The header row has no `ref:FR:prix-carburants` column: nothing can be joined. */
  | 'NO_ID_COLUMN'
  /** Rows, but not one valid feed station id. */
  | 'NO_IDS'
  /** Fewer ids than the last good table allows (NAMES.maxShrink). */
  | 'SHRUNK'
  /** More bytes than the cap (compressed from the source, or decompressed). */
  | 'TOO_LARGE'
  /** No source could be read (status, DNS, timeout, missing file). */
  | 'SOURCE_UNAVAILABLE'
  /** Storing the raw file in the archive bucket failed. */
  | 'ARCHIVE_FAILED'
  /** Anything else (S3, DynamoDB, a bug): the message says what. */
  | 'INTERNAL';

export class NamesError extends Error {
  readonly code: NamesErrorCode;

  constructor(code: NamesErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NamesError';
    this.code = code;
  }
}

/** What the names function throws for a refused or failed run, once recorded (Lambda then counts an error). */
export class NamesRunFailed extends Error {
  readonly run: { runId: string; status: string; error?: { code: string; message: string } };

  constructor(run: NamesRunFailed['run']) {
    super(
      `names run ${run.runId} ${run.status}: ${run.error?.code ?? 'INTERNAL'}: ${run.error?.message ?? ''}`,
    );
    this.name = 'NamesRunFailed';
    this.run = run;
  }
}
