import { createECDH } from 'node:crypto';
import type { Table } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { tableSecret } from '../db/secrets.ts';

/** The deployment's VAPID key pair (RFC 8292), base64url as web-push takes it. */
export interface VapidKeys {
  /** 65-byte uncompressed P-256 point: the browser's `applicationServerKey`. */
  publicKey: string;
  /** 32 bytes: never leaves the backend, never logged. */
  privateKey: string;
}

/**
 * The key pair from the deployment's `vapid` secret (shared/db/secrets.ts): its 32 random bytes are the P-256
 * private key and the public key is derived from them, so nothing but the secret is stored and every function
 * of the deployment derives the same pair. (A random 32-byte value is a valid P-256 scalar except with
 * probability ~2⁻¹²⁸; `setPrivateKey` would throw then, and deleting the item makes a new one.)
 */
export function vapidKeysOf(secret: Uint8Array): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(secret));
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: Buffer.from(secret).toString('base64url'),
  };
}

/**
 * Reads the deployment's VAPID keys, creating the secret on first use (`create`: the key route and the alerts
 * may both be first; the conditional put makes them agree).
 */
export async function vapidKeys(table: Table): Promise<VapidKeys> {
  const secret = await tableSecret(table, keys.secret('vapid'), { create: true });
  if (!secret) throw new Error('no VAPID secret');
  return vapidKeysOf(secret);
}

/**
 * The VAPID `sub` claim: a contact for the push services (RFC 8292 §2.1). The alerts' sender address from the
 * deployment's configuration (ALERTS_FROM_EMAIL, display name dropped), so no address is written in the source.
 */
export function vapidSubject(from: string): string {
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from.trim();
  return `mailto:${address}`;
}
