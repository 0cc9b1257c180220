/**
 * The security headers of the site, defined once: CloudFront's response headers policy (infra/aws/web.ts)
 * and the local static server (infra/local/static-site.ts) both send them.
 */
export const MAP_TILE_ORIGIN = 'https://*.tile.openstreetmap.org';

/** The CSP allows exactly what the site needs: itself (site + /api), Cognito, and map tiles. */
export function contentSecurityPolicy(cognitoOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Leaflet positions markers with style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: ${MAP_TILE_ORIGIN}`,
    `connect-src 'self' ${cognitoOrigin}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const STATIC_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;
