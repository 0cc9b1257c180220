import * as z from 'zod';
import { isPushEndpoint } from '../alerts/push-endpoint.ts';
import type * as T from './push-types.ts';

/**
 * The zod schemas of the Web Push API (issue 19, docs/ALERTS.md): what the middleware validates (400 naming
 * the field) and what the handlers answer (the OpenAPI document). ./push-types.ts keeps the interfaces the
 * site imports; the check at the bottom ties them.
 */

/** base64url without padding that decodes to exactly `bytes` bytes. */
const base64url = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, `${what}: base64url without padding`)
    .refine((s) => Buffer.from(s, 'base64url').length === bytes, `${what}: ${bytes} bytes`);

/**
 * PUT /api/me/push-subscriptions. `allowLoopback`: the local stand-in's `http://127.0.0.1:<port>/…`
 * endpoints are accepted (infra/local sets PUSH_ALLOW_LOOPBACK); in AWS only https push services.
 */
export function pushSubscriptionBody(allowLoopback: boolean) {
  return z.strictObject({
    endpoint: z
      .string()
      .max(1000)
      .refine((e) => isPushEndpoint(e, allowLoopback), 'An https URL of a push service'),
    expirationTime: z.number().nullable().optional(),
    keys: z.strictObject({
      p256dh: base64url(65, 'p256dh').refine(
        (s) => Buffer.from(s, 'base64url')[0] === 4,
        'p256dh: an uncompressed P-256 point',
      ),
      auth: base64url(16, 'auth'),
    }),
  });
}

/**
 * DELETE /api/me/push-subscriptions body `{ endpoint }` (as saved). In the body, not the query: CloudFront's
 * access logs record query strings, and an endpoint is a capability URL that has no place in logs.
 */
export const pushSubscriptionDeleteBody = z.strictObject({ endpoint: z.string().min(1).max(1000) });

export const pushKeyResponse = z.object({ publicKey: z.string() }).meta({ id: 'PushKeyResponse' });

export const pushSubscriptionResponse = z
  .object({
    endpoint: z.string(),
    created: z.boolean(),
    count: z.number().int(),
    limit: z.number().int(),
  })
  .meta({ id: 'PushSubscriptionResponse' });

// The schemas describe exactly the types the site builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.output<ReturnType<typeof pushSubscriptionBody>>, T.PushSubscriptionInput>,
  Same<z.output<typeof pushKeyResponse>, T.PushKeyResponse>,
  Same<z.output<typeof pushSubscriptionResponse>, T.PushSubscriptionResponse>,
] = [true, true, true];
void sameShapes;
