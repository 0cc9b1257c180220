import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Who is calling, from the claims the authorizer verified (API Gateway in AWS, the local gateway here). */
export interface Caller {
  /** The Cognito `sub`: the only key a user's data is ever stored under. */
  sub: string;
  username: string;
  groups: string[];
  /**
   * When the session signed in (`auth_time`, epoch seconds; 0 if absent). Refreshed tokens keep it, and API
   * Gateway passes it as digits (unlike `iat`, a date text), so it dates a session in AWS and locally alike.
   */
  authTime: number;
}

export function readCaller(event: APIGatewayProxyEvent): Caller | null {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = claims?.sub;
  // Only access tokens authorize API calls; an ID token is for the client's own use.
  if (!claims || typeof sub !== 'string' || !sub || claims.token_use !== 'access') return null;
  return {
    sub,
    username: typeof claims.username === 'string' ? claims.username : sub,
    groups: parseGroups(claims['cognito:groups']),
    authTime: parseSeconds(claims.auth_time),
  };
}

/**
 * The address the request came from, as API Gateway saw the connection (`requestContext.identity.sourceIp`;
 * the local gateway sets the socket's address): never a header a client can write (X-Forwarded-For).
 * Used only through a keyed hash (the report limits); null when absent.
 */
export function readSourceIp(event: APIGatewayProxyEvent): string | null {
  const ip = event.requestContext?.identity?.sourceIp;
  return typeof ip === 'string' && ip ? ip : null;
}

/** A session that signed in no later than the account's erasure (same second included) is the erased one. */
export function sessionErased(caller: Caller, erasedAt: number | null): boolean {
  return erasedAt !== null && caller.authTime <= erasedAt;
}

function parseSeconds(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** API Gateway flattens array claims to strings like "admin" or "[admin, editors]"; locally they stay arrays. */
function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}
