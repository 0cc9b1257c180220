import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { AlertChannel, AlertLimits, AlertRule, AlertRuleInput } from '../api/alert-types.ts';
import { FUEL_CODES } from '../domain/fuels.ts';
import { isInFrenchArea } from '../domain/geo.ts';
import { cleanText, PROFILE_LIMITS } from '../domain/profile.ts';

/** The bounds of alert rules (issue 8). The site can build its forms from the same numbers. */
export const ALERT_LIMITS: AlertLimits = Object.freeze({
  rules: 10,
  radiusKm: { min: 1, max: 50 },
  maxPrice: { min: 0.5, max: 5 },
  dropCents: { min: 1, max: 50 },
  dailyCap: { ...PROFILE_LIMITS.alertsDailyCap },
});

/** How a rule notifies (issue 19); stored rules without one are `email`, as they were sent before. */
export const ALERT_CHANNELS = ['email', 'push', 'both'] as const satisfies readonly AlertChannel[];

const L = ALERT_LIMITS;
const RULE_ID = /^[a-z0-9]{1,12}$/;

const threeDecimals = (n: number) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6;

const placeScope = z.strictObject({
  kind: z.literal('place'),
  lat: z.number().finite().min(-90).max(90),
  lon: z.number().finite().min(-180).max(180),
  radiusKm: z.number().finite().min(L.radiusKm.min).max(L.radiusKm.max),
  label: cleanText(1, 40),
});

const alertRuleSchema = z
  .strictObject({
    id: z.string().regex(RULE_ID, 'A rule id is 1–12 lowercase letters or digits').optional(),
    fuel: z.enum(FUEL_CODES, { error: `Unknown fuel: use one of ${FUEL_CODES.join(', ')}` }),
    maxPrice: z
      .number()
      .finite()
      .min(L.maxPrice.min, `A price is at least ${L.maxPrice.min} €/L`)
      .max(L.maxPrice.max, `A price is at most ${L.maxPrice.max} €/L`)
      .refine(threeDecimals, 'At most 3 decimals (€/L)')
      .nullable()
      .optional(),
    dropCents: z.number().int().min(L.dropCents.min).max(L.dropCents.max).nullable().optional(),
    scope: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('favourites') }), placeScope]),
    openNow: z.boolean().optional(),
    channel: z.enum(ALERT_CHANNELS, { error: `Use one of ${ALERT_CHANNELS.join(', ')}` }).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.maxPrice == null && rule.dropCents == null)
      ctx.addIssue({ code: 'custom', path: ['maxPrice'], message: 'Give maxPrice, dropCents or both' });
    if (rule.scope.kind === 'place' && !isInFrenchArea(rule.scope.lat, rule.scope.lon))
      ctx.addIssue({ code: 'custom', path: ['scope', 'lat'], message: 'The place must be in France' });
  });

/** PUT /api/me/alerts (strict: an unknown field is a 400 naming it). */
export const alertsUpdateSchema = z.strictObject({
  rules: z
    .array(alertRuleSchema)
    .max(L.rules, `At most ${L.rules} alert rules`)
    .superRefine((rules, ctx) => {
      const seen = new Set<string>();
      rules.forEach((r, i) => {
        if (r.id && seen.has(r.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'Each rule id at most once' });
        if (r.id) seen.add(r.id);
      });
    }),
  enabled: z.boolean().optional(),
  dailyCap: z.number().int().min(L.dailyCap.min).max(L.dailyCap.max).optional(),
  digest: z.boolean().optional(),
});

export type AlertsUpdateInput = z.output<typeof alertsUpdateSchema>;

/** Rules as stored: ids assigned, conditions and flags explicit, prices rounded to the mill. */
export function normalizeRules(input: readonly AlertRuleInput[], newId = randomRuleId): AlertRule[] {
  const taken = new Set(input.flatMap((r) => (r.id ? [r.id] : [])));
  return input.map((r) => {
    let id = r.id;
    while (!id || (!r.id && taken.has(id))) id = newId();
    taken.add(id);
    return {
      id,
      fuel: r.fuel,
      maxPrice: r.maxPrice == null ? null : Math.round(r.maxPrice * 1000) / 1000,
      dropCents: r.dropCents ?? null,
      scope: r.scope.kind === 'place' ? { ...r.scope } : { kind: 'favourites' },
      openNow: r.openNow ?? false,
      channel: r.channel ?? 'email',
    };
  });
}

function randomRuleId(): string {
  return randomBytes(6).toString('hex').slice(0, 8);
}

/** The stored rules, read back defensively (an item written by an older version keeps working). */
export function readRules(value: unknown): AlertRule[] {
  if (!Array.isArray(value)) return [];
  const out: AlertRule[] = [];
  for (const raw of value) {
    const parsed = alertRuleSchema.safeParse(raw);
    if (parsed.success && parsed.data.id) out.push(...normalizeRules([parsed.data]));
  }
  return out;
}
