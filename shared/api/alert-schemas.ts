import * as z from 'zod';
import { ALERT_CHANNELS, alertsUpdateSchema } from '../alerts/rules.ts';
import type * as T from './alert-types.ts';
import { fuelCode } from './schemas.ts';

/**
 * The zod schemas of the price-alerts API (issue 8, docs/ALERTS.md): requests the middleware validates and
 * the answers the handlers give (the OpenAPI document; test/integration/openapi-live.test.ts checks live
 * answers). ./alert-types.ts keeps the interfaces the site imports; the check at the bottom ties them.
 */

// ─── Requests ───────────────────────────────────────────────────────────────────────────────────────────

/** PUT /api/me/alerts: the rule rules live with the alerts (shared/alerts/rules.ts). */
export const alertsBody = alertsUpdateSchema;

/** The unsubscribe link's query: the signed token only (docs/ALERTS.md). */
export const unsubscribeQuery = z.strictObject({ token: z.string().min(1).max(300) });

// ─── Responses ──────────────────────────────────────────────────────────────────────────────────────────

const range = z.object({ min: z.number(), max: z.number() });

const alertRule = z
  .object({
    id: z.string(),
    fuel: fuelCode,
    maxPrice: z.number().nullable(),
    dropCents: z.number().nullable(),
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('favourites') }),
      z.object({
        kind: z.literal('place'),
        lat: z.number(),
        lon: z.number(),
        radiusKm: z.number(),
        label: z.string(),
      }),
    ]),
    openNow: z.boolean(),
    channel: z.enum(ALERT_CHANNELS),
  })
  .meta({ id: 'AlertRule' });

export const alertsResponse = z
  .object({
    available: z.boolean(),
    enabled: z.boolean(),
    dailyCap: z.number().int(),
    digest: z.boolean(),
    rules: z.array(alertRule),
    updatedAt: z.string().nullable(),
    limits: z.object({
      rules: z.number().int(),
      radiusKm: range,
      maxPrice: range,
      dropCents: range,
      dailyCap: range,
    }),
  })
  .meta({ id: 'AlertsResponse' });

const purpose = z.enum(['alerts', 'digest']);

export const unsubscribeResponse = z
  .object({ unsubscribed: purpose, message: z.string() })
  .meta({ id: 'UnsubscribeResponse' });

export const unsubscribeConfirmation = z
  .object({ purpose, confirmWith: z.literal('POST'), message: z.string() })
  .meta({ id: 'UnsubscribeConfirmation' });

// The schemas describe exactly the types the site builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.output<typeof alertsResponse>, T.AlertsResponse>,
  Same<z.output<typeof unsubscribeResponse>, T.UnsubscribeResponse>,
  Same<z.output<typeof unsubscribeConfirmation>, T.UnsubscribeConfirmation>,
] = [true, true, true];
void sameShapes;
