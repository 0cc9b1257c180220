import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS } from '#shared/web-headers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

export interface StaticSite {
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
}

/**
 * Serves the built site the way CloudFront does in AWS: pretty URLs (/station → station/index.html),
 * 404.html with status 404, gzip for text, long caching for hashed assets, the same security headers.
 */
export function staticSite(dir: string, cognitoOrigin: string): StaticSite {
  const csp = contentSecurityPolicy(cognitoOrigin);
  return {
    async serve(req, res, pathname) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const found = (await resolve(dir, pathname)) ?? (await resolve(dir, '/404.html'));
      const status = found && !found.endsWith(`${sep}404.html`) ? 200 : 404;
      if (!found) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...STATIC_SECURITY_HEADERS });
        res.end('Not found. Build the site with `npm run build`.');
        return;
      }
      const type = TYPES[extname(found)] ?? 'application/octet-stream';
      const gzip = /text|json|svg|xml/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding']));
      res.writeHead(status, {
        'content-type': type,
        'cache-control': found.includes(`${sep}_astro${sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
        'content-security-policy': csp,
        ...STATIC_SECURITY_HEADERS,
        ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const file = createReadStream(found);
      await (gzip ? pipeline(file, createGzip(), res) : pipeline(file, res));
    },
  };
}

/** The file for a URL path, never outside `dir`; null when there is none. */
async function resolve(dir: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const base = normalize(join(dir, normalize(decoded)));
  if (base !== dir && !base.startsWith(dir + sep)) return null;
  // As the site's CloudFront Function (infra/aws/web.ts): a file, or a directory's index.html; no `.html` guess.
  for (const candidate of [base, join(base, 'index.html')]) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return candidate;
  }
  return null;
}
