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
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } }, cause: error };
}
