import { JwtVerifier } from 'aws-jwt-verify';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { USER_POOL } from '#shared/platform.ts';

export interface AccessTokenVerifier {
  /** The verified claims, or null when the token must be refused (the gateway answers 401). */
  verify(token: string): Promise<JwtPayload | null>;
}

/**
 * Checks a Cognito access token the way API Gateway's Cognito authorizer does in AWS: RS256 signature
 * against the pool's JWKS, issuer = the pool, not expired, token_use = access, the API scope present;
 * and, stricter than AWS, issued to our own app client.
 */
export async function createAccessTokenVerifier(opts: {
  cognitoEndpoint: string;
  userPoolId: string;
  clientId: string;
}): Promise<AccessTokenVerifier> {
  const issuer = `${opts.cognitoEndpoint}/${opts.userPoolId}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const verifier = JwtVerifier.create({
    issuer,
    jwksUri,
    audience: null, // access tokens carry client_id, not aud: checked below
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('Not an access token');
      if (payload.client_id !== opts.clientId) throw new Error('Token from another client');
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes(USER_POOL.apiScope)) throw new Error('Missing scope');
    },
  });
  // aws-jwt-verify fetches keys over https only; the local Cognito serves them over http, so load them here.
  const res = await fetch(jwksUri);
  if (!res.ok) throw new Error(`Cannot load the local Cognito keys (${res.status})`);
  verifier.cacheJwks(await res.json());
  return {
    verify: (token) => verifier.verify(token).catch(() => null),
  };
}
