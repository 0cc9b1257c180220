import * as z from 'zod';
import { FUEL_CODES, FUELS } from './fuels.ts';
import { labelKey, PLACE_LIMITS } from './places.ts';

/** The bounds of every profile field (issue 5). The site can use the same schema for its forms. */
export const PROFILE_LIMITS = {
  displayName: { min: 1, max: 50 },
  fuels: { max: FUELS.length },
  tankLitres: { min: 5, max: 150 },
  consumptionL100: { min: 2, max: 30 },
  yearlyKm: { min: 0, max: 200_000 },
  alertsDailyCap: { min: 1, max: 10 },
  favouriteName: { min: 1, max: 40 },
} as const;

export const DEFAULT_ALERTS = Object.freeze({ enabled: false, dailyCap: 3 });

/**
 * Control characters (C0, DEL, C1), line/paragraph separators and bidirectional overrides: nothing a name
 * needs, and each can break a layout, a log line or an email subject.
 */
const FORBIDDEN_CHARS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Trimmed text of min–max characters (code points, so an emoji counts once), without control characters. */
export function cleanText(min: number, max: number) {
  return z
    .string()
    .trim()
    .refine((s) => !FORBIDDEN_CHARS.test(s), 'Control characters are not allowed')
    .refine((s) => [...s].length >= min, `At least ${min} character${min > 1 ? 's' : ''}`)
    .refine((s) => [...s].length <= max, `At most ${max} characters`);
}

const L = PROFILE_LIMITS;
const between = (min: number, max: number) => z.number().finite().min(min).max(max);

/**
 * `alerts` in PUT /api/me: each field optional, no defaults, so `{ dailyCap: 5 }` changes the cap and keeps
 * `enabled` as stored (shared/db/profiles.ts sets the fields one by one; a first save fills in DEFAULT_ALERTS).
 */
const alertPreferencesUpdateSchema = z.strictObject({
  enabled: z.boolean().optional(),
  dailyCap: z.number().int().min(L.alertsDailyCap.min).max(L.alertsDailyCap.max).optional(),
});

const P = PLACE_LIMITS;

const savedPlaceSchema = z.strictObject({
  label: cleanText(P.label.min, P.label.max),
  name: cleanText(P.name.min, P.name.max),
  lat: z.number().finite().min(-90).max(90),
  lon: z.number().finite().min(-180).max(180),
});

/**
 * The whole list. Beyond the cap the issue carries `params.code = 'limit'`, which the API answers as
 * 400 `limit` (functions/http/lib/middleware.ts), like a 51st favourite; a repeated label names its item.
 */
const savedPlacesSchema = z.array(savedPlaceSchema).superRefine((places, ctx) => {
  if (places.length > P.max) {
    ctx.addIssue({
      code: 'custom',
      message: `At most ${P.max} saved places`,
      params: { code: 'limit' },
    });
    return;
  }
  const seen = new Set<string>();
  places.forEach((p, i) => {
    const key = labelKey(p.label);
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', message: 'Each label at most once', path: [i, 'label'] });
    seen.add(key);
  });
});

/**
 * PUT /api/me: every field optional (the ones sent replace the stored ones), unknown fields refused so a
 * client can never smuggle `userId`, `PK`, `role` or `email_verified` into the item.
 */
export const profileUpdateSchema = z.strictObject({
  displayName: cleanText(L.displayName.min, L.displayName.max).optional(),
  fuels: z
    .array(z.enum(FUEL_CODES))
    .max(L.fuels.max)
    .refine((f) => new Set(f).size === f.length, 'Each fuel at most once')
    .optional(),
  tankLitres: between(L.tankLitres.min, L.tankLitres.max).optional(),
  consumptionL100: between(L.consumptionL100.min, L.consumptionL100.max).optional(),
  yearlyKm: z.number().int().min(L.yearlyKm.min).max(L.yearlyKm.max).optional(),
  alerts: alertPreferencesUpdateSchema.optional(),
  /** The saved places, replaced as a whole list (shared/domain/places.ts). */
  places: savedPlacesSchema.optional(),
});

export type ProfileUpdateInput = z.output<typeof profileUpdateSchema>;

/** A feed station id: 7–8 digits (DESIGN.md). Anything else in a path is refused before any key is built. */
export const stationIdSchema = z.string().regex(/^\d{7,8}$/, 'A station id is 7–8 digits');
