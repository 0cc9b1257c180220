/**
 * How CloudFront routes the site and the cached API, as data and CloudFront Function code: pretty URLs and the
 * 404 page from the built site's files, the canonical query of cached API paths, and which public routes the
 * edge may cache. Pure (no constructs): the infra tests run the function code itself on sample URIs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Route } from '#functions/http/routes.ts';
import { PROJECT_ROOT } from './plein-function.ts';

/** What the site serves: directory pages (`/station/`) and single files (`/404.html`, `/favicon.svg`). */
export interface SiteRoutes {
  readonly pages: readonly string[];
  readonly files: readonly string[];
}

/**
 * The site's URLs from its sources, so a deployment without a fresh build knows them too: every page of
 * web/src/pages (Astro's `build.format: 'directory'`: `station.astro` → `/station/`, `404.astro` →
 * `/404.html`), every file of web/public, and the deployed /config.json. Hashed assets are under /_astro/.
 */
export function siteRoutes(webDir = join(PROJECT_ROOT, 'web')): SiteRoutes {
  const pages = new Set<string>();
  const files = new Set<string>(['/config.json']);
  const pagesDir = join(webDir, 'src', 'pages');
  for (const file of readdirSync(pagesDir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.astro')) continue;
    const route = file.slice(0, -'.astro'.length).split(sep).join('/');
    if (route.includes('[')) throw new Error(`web/src/pages/${file}: dynamic routes are not served (web.ts)`);
    if (route === '404') files.add('/404.html');
    else pages.add(`/${route.replace(/(^|\/)index$/, '')}/`.replace('//', '/'));
  }
  const publicDir = join(webDir, 'public');
  for (const file of readdirSync(publicDir, { recursive: true, encoding: 'utf8' })) {
    if (statSync(join(publicDir, file)).isFile()) files.add(`/${file.split(sep).join('/')}`);
  }
  return { pages: [...pages].sort(), files: [...files].sort() };
}

/**
 * CloudFront Functions of the site behavior (never of /api/*): pretty URLs the way Astro builds them and the
 * local static server serves them (`/station` and `/station/` → `/station/index.html`), and the 404 page for
 * anything else. Custom error responses would apply to the API too (they are distribution-wide), and a
 * viewer-response function does not run on an origin error (status ≥ 400), so the viewer request decides:
 * an unknown URL is fetched as /404.html (a 200 from S3), and the viewer response turns that into a 404.
 * The response function recomputes the verdict from the request's URI, so it holds whether CloudFront shows
 * it the URI before or after the viewer-request rewrite. A missing /_astro/ asset is S3's own 404.
 */
export function siteFunctionCode(routes: SiteRoutes, event: 'request' | 'response'): string {
  const table = (paths: readonly string[]) => JSON.stringify(Object.fromEntries(paths.map((p) => [p, 1])));
  const resolve = `var PAGES = ${table(routes.pages)};
var FILES = ${table(routes.files)};
function resolve(uri) {
  if (uri.startsWith('/_astro/') || FILES[uri]) return uri;
  if (uri.endsWith('/index.html')) return PAGES[uri.slice(0, -10)] ? uri : '/404.html';
  var dir = uri.endsWith('/') ? uri : uri.lastIndexOf('.') < uri.lastIndexOf('/') ? uri + '/' : null;
  return dir !== null && PAGES[dir] ? dir + 'index.html' : '/404.html';
}`;
  const handler =
    event === 'request'
      ? `function handler(event) {
  var request = event.request;
  request.uri = resolve(request.uri);
  return request;
}`
      : `function handler(event) {
  var response = event.response;
  if (resolve(event.request.uri) === '/404.html') {
    response.statusCode = 404;
    response.statusDescription = 'Not Found';
  }
  return response;
}`;
  return `${resolve}\n${handler}`;
}

/**
 * CloudFront Function (viewer request) of the cached public API routes: the query string in a canonical order
 * (stable by parameter name, pairs kept byte for byte), so `?lat=…&lon=…` and `?lon=…&lat=…` share one cache
 * entry. Nothing is dropped: an unknown parameter still reaches the API and gets its 400, as locally.
 */
export const API_QUERY_FUNCTION = `function handler(event) {
  var request = event.request;
  var raw = request.rawQueryString();
  if (raw) {
    var pairs = raw.split('&').filter(function (p) { return p.length > 0; }).map(function (p, i) {
      return { key: p.split('=')[0], pair: p, i: i };
    });
    pairs.sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i; });
    request.querystring = pairs.map(function (p) { return p.pair; }).join('&');
  }
  return request;
}`;

/**
 * The CloudFront path patterns of the routes the edge may cache: public GET routes on paths that take no other
 * method (`/api/stations/{id}` → `/api/stations/*`). Everything else falls to the uncached `/api/*`, except
 * what `shadowedApiPatterns` keeps out of them.
 */
export function cachedApiPatterns(routes: readonly Route[]): string[] {
  const pathsWithOtherMethods = new Set(
    routes.filter((r) => r.method !== 'GET' || r.auth !== 'public').map((r) => r.path),
  );
  const patterns = routes
    .filter((r) => r.method === 'GET' && r.auth === 'public' && !pathsWithOtherMethods.has(r.path))
    .map((r) => r.path.replace(/\{[^}]+\}/g, '*'));
  return [...new Set(patterns)];
}

/**
 * The patterns of the other routes that a cached pattern would catch: CloudFront's `*` spans slashes, so
 * `/api/stations/*` also matches `POST /api/stations/{id}/reports`, which would then reach the API without
 * its Authorization header (the cache policy forwards none). Each gets its own uncached behavior, placed
 * before the cached ones (CloudFront takes the first pattern that matches).
 */
export function shadowedApiPatterns(routes: readonly Route[]): string[] {
  const cached = cachedApiPatterns(routes).map(
    (p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
  );
  const patterns = routes
    .map((r) => r.path.replace(/\{[^}]+\}/g, '*'))
    .filter((p) => !cachedApiPatterns(routes).includes(p))
    .filter((p) => cached.some((c) => c.test(p.replace(/\*/g, 'x1'))));
  return [...new Set(patterns)];
}
