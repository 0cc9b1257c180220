/**
 * The Web Push API's request and response JSON (issue 19, docs/ALERTS.md "Push notifications"): the
 * deployment's application server key and the caller's push subscriptions. Shared by the route handlers and
 * the site (web/src/lib/push-api.ts). Additive changes only.
 *
 * Errors use the API's JSON error shape: 400 `invalid` naming the field (`endpoint`, `keys.p256dh`,
 * `keys.auth`), 400 `limit` (field `endpoint`) for a 6th device, 409 `alerts_off` on a deployment without
 * alerts, 401 without a valid access token.
 */

/** GET /api/push/key (public): what the browser passes to `pushManager.subscribe` as `applicationServerKey`. */
export interface PushKeyResponse {
  /** The VAPID public key (RFC 8292): an uncompressed P-256 point, 65 bytes, base64url without padding. */
  publicKey: string;
}

/**
 * PUT /api/me/push-subscriptions body: `PushSubscription.toJSON()` as the browser gives it. Idempotent by
 * `endpoint` (the same endpoint again replaces its keys). `expirationTime` is accepted and ignored.
 */
export interface PushSubscriptionInput {
  /** The push service's URL for this device: https only. */
  endpoint: string;
  expirationTime?: number | null;
  keys: {
    /** The device's P-256 public key, 65 bytes, base64url. */
    p256dh: string;
    /** The device's auth secret, 16 bytes, base64url. */
    auth: string;
  };
}

export interface PushSubscriptionResponse {
  endpoint: string;
  /** False when this endpoint was already saved (its keys were replaced). */
  created: boolean;
  /** The caller's devices now, this one included. */
  count: number;
  /** At most this many devices per account (5). */
  limit: number;
}
