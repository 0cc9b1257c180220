import { isIP } from 'node:net';

/** The variable infra/local sets so that the local push stand-in's loopback endpoints are accepted. */
export const PUSH_ALLOW_LOOPBACK_ENV = 'PUSH_ALLOW_LOOPBACK';

export function pushLoopbackAllowed(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return env[PUSH_ALLOW_LOOPBACK_ENV] === 'true';
}

/**
 * Where the alerts may POST a push message (docs/ALERTS.md, "Push notifications"). The endpoint comes from the
 * client, so the sender would otherwise request any URL it is given: https only, a DNS name (no IP literal,
 * no `localhost`), no credentials in the URL. Locally (`allowLoopback`) also `http://127.0.0.1:<port>/…`,
 * the stand-in's form, and nothing else over http.
 */
export function isPushEndpoint(endpoint: string, allowLoopback: boolean): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  if (allowLoopback && url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== '')
    return true;
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) === 0 && host !== 'localhost' && !host.endsWith('.localhost') && host.includes('.');
}
