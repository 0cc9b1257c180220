import createError from 'http-errors';
import { alertsEnabled } from '#shared/alerts/deployment.ts';
import { pushLoopbackAllowed } from '#shared/alerts/push-endpoint.ts';
import { pushSubscriptionBody, pushSubscriptionResponse } from '#shared/api/push-schemas.ts';
import type { PushSubscriptionResponse } from '#shared/api/push-types.ts';
import { MAX_PUSH_SUBSCRIPTIONS, savePushSubscription } from '#shared/db/push-subscriptions.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

const available = alertsEnabled();

/**
 * PUT /api/me/push-subscriptions — saves the caller's browser push subscription (issue 19, docs/ALERTS.md):
 * 201 when new, 200 when that endpoint was saved already (its keys replaced). 400 naming the field, 400
 * `limit` for a 6th device, 409 `alerts_off` on a deployment that sends no alerts.
 */
export const handler = httpHandler(
  'PUT /api/me/push-subscriptions',
  {
    body: pushSubscriptionBody(pushLoopbackAllowed()),
    response: pushSubscriptionResponse,
    status: [201, 200],
    errors: [409],
    summary: 'Save a browser push subscription of the caller (at most 5 devices)',
  },
  async ({ caller, body }) => {
    if (!available)
      throw createError(409, 'Price alerts are not available on this deployment: nothing would be sent', {
        code: 'alerts_off',
        field: 'endpoint',
      });
    // The 6th device: PushSubscriptionLimitError, a 400 `limit` (lib/errors.ts).
    const saved = await savePushSubscription(table, caller.sub, body, new Date());
    return respond(saved.created ? 201 : 200, {
      endpoint: body.endpoint,
      created: saved.created,
      count: saved.count,
      limit: MAX_PUSH_SUBSCRIPTIONS,
    } satisfies PushSubscriptionResponse);
  },
);
