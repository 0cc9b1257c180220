import * as z from 'zod';
import { cleanText } from './text.ts';

/**
 * Saved places (issue 19 item 6): "Maison", "Travail"… a signed-in driver searches around in one tap. They are
 * a field of the profile (`places`, PUT /api/me replaces the whole list), so the cap and the unique labels
 * are checked on one list in one write, with no slot bookkeeping.
 */
export const PLACE_LIMITS = {
  max: 6,
  label: { min: 1, max: 30 },
  /** The place's display name as the search gave it ("Lyon 3e Arrondissement", an address). */
  name: { min: 1, max: 120 },
} as const;

export interface SavedPlace {
  /** The driver's own name for it, unique per user ignoring case: "Maison", "Travail", "Parents". */
  label: string;
  name: string;
  lat: number;
  lon: number;
}

/** Labels compare folded: "maison" and "Maison " are the same label. */
export function labelKey(label: string): string {
  return label.trim().normalize('NFC').toLocaleLowerCase('fr');
}

const L = PLACE_LIMITS;

const savedPlaceSchema = z.strictObject({
  label: cleanText(L.label.min, L.label.max),
  name: cleanText(L.name.min, L.name.max),
  lat: z.number().finite().min(-90).max(90),
  lon: z.number().finite().min(-180).max(180),
});

/**
 * The whole list. Beyond the cap the issue carries `params.code = 'limit'`, which the API answers as
 * 400 `limit` (functions/http/lib/middleware.ts), like a 51st favourite; a repeated label names its item.
 */
export const savedPlacesSchema = z.array(savedPlaceSchema).superRefine((places, ctx) => {
  if (places.length > L.max) {
    ctx.addIssue({
      code: 'custom',
      message: `At most ${L.max} saved places`,
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

/** A stored list as read back: well-typed entries only (an item written by hand must not break the page). */
export function readSavedPlaces(value: unknown): SavedPlace[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is SavedPlace =>
      !!p &&
      typeof p.label === 'string' &&
      typeof p.name === 'string' &&
      Number.isFinite(p.lat) &&
      Number.isFinite(p.lon),
  );
}
