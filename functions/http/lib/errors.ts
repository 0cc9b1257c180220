import createError, { isHttpError } from 'http-errors';

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

/**
 * The typed errors of shared/ that are the client's doing, and the API error each one is: mapped here once,
 * so handlers let them through instead of catching them. Matched by `name`, not instanceof, so that this
 * file (in every function's bundle) does not import the DynamoDB client; test/unit/http/errors.test.ts
 * throws the real classes.
 */
const DOMAIN_ERRORS = new Map<string, { status: number; code: string; field?: string }>([
  // shared/db/favourites.ts: the 51st favourite.
  ['FavouriteLimitError', { status: 400, code: 'limit', field: 'stationId' }],
  // shared/db/push-subscriptions.ts: the 6th device.
  ['PushSubscriptionLimitError', { status: 400, code: 'limit', field: 'endpoint' }],
]);

/** Client errors keep their message; anything else is a 500 whose details stay in the logs only. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; cause?: unknown } {
  const domain = error instanceof Error ? DOMAIN_ERRORS.get(error.name) : undefined;
  if (domain && error instanceof Error) {
    const { status, code, field } = domain;
    return { status, body: { error: { code, message: error.message, ...(field ? { field } : {}) } } };
  }
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

/**
 * Cognito's client errors as API errors (`field` names the parameter at fault, which only the route knows);
 * anything else is returned as is and becomes a 500 (or a 503) above.
 */
export function cognitoError(error: unknown, field: string): unknown {
  const name = (error as { name?: unknown } | null)?.name;
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' && message ? message : String(name);
  switch (name) {
    case 'UserNotFoundException':
      return createError(404, 'No such user', { code: 'not_found', field });
    case 'InvalidParameterException':
    case 'NotAuthorizedException':
    case 'UnsupportedUserStateException':
      return createError(409, text, { code: 'conflict', field });
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return createError(429, 'Cognito is throttling: try again in a moment', { code: 'throttled' });
    default:
      return error;
  }
}
