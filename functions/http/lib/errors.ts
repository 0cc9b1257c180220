import { isHttpError } from 'http-errors';

/** The JSON error shape of every API error (DESIGN.md). */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

const CODES: Record<number, string> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'throttled',
  503: 'unavailable',
};

/** Client errors keep their message; anything else is a 500 whose details stay in the logs only. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; cause?: unknown } {
  if (isHttpError(error) && error.expose) {
    const field = typeof error.field === 'string' ? error.field : undefined;
    const code = typeof error.code === 'string' ? error.code : (CODES[error.status] ?? 'error');
    return {
      status: error.status,
      body: { error: { code, message: error.message, ...(field ? { field } : {}) } },
    };
  }
  if (isHttpError(error) && error.status === 503) {
    return {
      status: 503,
      body: { error: { code: 'unavailable', message: 'Service temporarily unavailable' } },
    };
  }
  // A dependency that cannot be reached or is throttling us (Cognito, DynamoDB, S3… after the SDK's own
  // retries) is a temporary outage, not a bug: 503, so clients retry; the cause is still logged.
  if (isUnavailable(error)) {
    return {
      status: 503,
      body: { error: { code: 'unavailable', message: 'Service temporarily unavailable' } },
      cause: error,
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } }, cause: error };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalErrorException',
  'TimeoutError',
]);

/** A network failure or an AWS throttling/server-side fault, as the AWS SDK v3 reports them. */
function isUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as {
    code?: unknown;
    name?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && THROTTLING.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  return e.$fault === 'server' && (status === 503 || status === 429);
}
