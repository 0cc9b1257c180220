/** Why a feed could not be read. The ingest maps every code to a failed run; nothing is published. */
export type FeedErrorCode =
  /** No bytes at all (or a ZIP with no entry). */
  | 'EMPTY'
  /** Neither a ZIP nor feed XML, e.g. an HTML error page served with status 200. */
  | 'NOT_A_ZIP'
  /** A ZIP we refuse: several entries, an unsafe entry name, bad CRC, unknown compression, corrupt data. */
  | 'BAD_ZIP'
  /** More XML (inflated) bytes than `maxInflatedBytes`, or more input than `maxInputBytes`. */
  | 'TOO_LARGE'
  /** The bytes stop early: ZIP cut short, or XML ending before the root element closes. */
  | 'TRUNCATED'
  /** A DOCTYPE declaration: refused outright, so no entity can ever be expanded. */
  | 'DOCTYPE'
  /** Not well-formed XML, bytes invalid in the declared encoding, or not a `<pdv_liste>` document. */
  | 'XML'
  /** The caller's AbortSignal fired. */
  | 'ABORTED';

export class FeedError extends Error {
  readonly code: FeedErrorCode;

  constructor(code: FeedErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'FeedError';
    this.code = code;
  }
}

export function isFeedError(error: unknown): error is FeedError {
  return error instanceof FeedError;
}
