/**
 * The Web Push routes (issue 19, docs/ALERTS.md "Push notifications") for the site: the deployment's
 * application server key, and saving or removing this browser's subscription. The service worker and the
 * `pushManager.subscribe` call live elsewhere; this module only talks to the API, through ./api.ts.
 */
import type {
  PushKeyResponse,
  PushSubscriptionInput,
  PushSubscriptionResponse,
} from '#shared/api/push-types.ts';
import { request } from './api.ts';

export type { PushKeyResponse, PushSubscriptionInput, PushSubscriptionResponse };

/** The VAPID public key (base64url) to pass to `pushManager.subscribe({ applicationServerKey })`. */
export const pushKey = () => request<PushKeyResponse>('/push/key');

/**
 * Saves this browser's subscription (`subscription.toJSON()`): 201/200. At most 5 devices per account: the
 * 6th is an ApiError 400 `limit`; on a site without alerts a 409 `alerts_off`.
 */
export const savePushSubscription = (subscription: PushSubscriptionInput) =>
  request<PushSubscriptionResponse>('/me/push-subscriptions', {
    method: 'PUT',
    body: subscription,
    auth: true,
  });

/** Removes one saved subscription (after `subscription.unsubscribe()`); idempotent. */
export const deletePushSubscription = (endpoint: string) =>
  request<void>('/me/push-subscriptions', { method: 'DELETE', body: { endpoint }, auth: true });
