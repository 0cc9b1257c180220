import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Who is calling, from the claims the authorizer verified (API Gateway in AWS, the local gateway here). */
export interface Caller {
  /** The Cognito `sub`: the only key a user's data is ever stored under. */
  sub: string;
  username: string;
  groups: string[];
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
  };
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
