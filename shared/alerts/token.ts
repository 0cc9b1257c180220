import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UnsubscribePurpose } from '../api/alert-types.ts';

/**
 * One-click unsubscribe tokens: `v1.<sub>.<purpose>.<expiry epoch s>.<signature>`, the signature an
 * HMAC-SHA256 (base64url) of everything before it under the alerts secret. Anyone holding the link can
 * turn that user's alerts off (that is the point: no sign-in), nothing else; a changed character, another
 * purpose, another user or a passed expiry makes it invalid.
 */
const TOKEN_VERSION = 'v1';
/** Links in an email keep working this long. */
export const TOKEN_DAYS = 60;

const PURPOSES: readonly UnsubscribePurpose[] = ['alerts', 'digest'];
const SUB = /^[A-Za-z0-9-]{1,64}$/;

export interface UnsubscribeClaim {
  sub: string;
  purpose: UnsubscribePurpose;
  /** Epoch seconds. */
  expiresAt: number;
}

export function signToken(secret: Uint8Array, claim: UnsubscribeClaim): string {
  if (!SUB.test(claim.sub)) throw new Error('A token subject is a Cognito sub');
  const body = `${TOKEN_VERSION}.${claim.sub}.${claim.purpose}.${claim.expiresAt}`;
  return `${body}.${mac(secret, body)}`;
}

/** A token for `sub`, valid TOKEN_DAYS from `now`. */
export function unsubscribeToken(
  secret: Uint8Array,
  sub: string,
  purpose: UnsubscribePurpose,
  now: Date,
): string {
  return signToken(secret, {
    sub,
    purpose,
    expiresAt: Math.floor(now.getTime() / 1000) + TOKEN_DAYS * 86_400,
  });
}

/**
 * The unsubscribe URL of an email: both its visible link and its List-Unsubscribe header. A GET shows a
 * confirmation page and changes nothing; the POST (RFC 8058 one-click, or that page's button) unsubscribes.
 * The API is served under /api on the site's origin.
 */
export function unsubscribeUrl(
  siteUrl: string,
  secret: Uint8Array,
  sub: string,
  purpose: UnsubscribePurpose,
  now: Date,
): string {
  return `${siteUrl}/api/alerts/unsubscribe?token=${unsubscribeToken(secret, sub, purpose, now)}`;
}

export type VerifyResult =
  | { ok: true; claim: UnsubscribeClaim }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Checks shape, signature (constant time) and expiry, in that order. */
export function verifyToken(secret: Uint8Array, token: string, now: Date): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 5) return { ok: false, reason: 'malformed' };
  const [version, sub, purpose, expiry, signature] = parts as [string, string, string, string, string];
  if (
    version !== TOKEN_VERSION ||
    !SUB.test(sub) ||
    !(PURPOSES as readonly string[]).includes(purpose) ||
    !/^\d{1,12}$/.test(expiry) ||
    !/^[A-Za-z0-9_-]{43}$/.test(signature)
  )
    return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, parts.slice(0, 4).join('.')));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'signature' };
  const expiresAt = Number(expiry);
  if (expiresAt * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { sub, purpose: purpose as UnsubscribePurpose, expiresAt } };
}

function mac(secret: Uint8Array, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
