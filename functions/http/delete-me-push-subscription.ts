import { pushSubscriptionDeleteBody } from '#shared/api/push-schemas.ts';
import { deletePushSubscription } from '#shared/db/push-subscriptions.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** DELETE /api/me/push-subscriptions `{ endpoint }` — 204, also when that endpoint was not saved (idempotent). */
export const handler = httpHandler(
  'DELETE /api/me/push-subscriptions',
  {
    body: pushSubscriptionDeleteBody,
    response: null,
    status: [204],
    summary: 'Remove one of the caller’s push subscriptions (idempotent)',
  },
  async ({ caller, body }) => {
    await deletePushSubscription(table, caller.sub, body.endpoint);
    return respond(204);
  },
);
