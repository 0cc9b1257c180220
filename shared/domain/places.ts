/**
 * Saved places (issue 19 item 6): "Maison", "Travail"… a signed-in driver searches around in one tap. They are
 * a field of the profile (`places`, PUT /api/me replaces the whole list), so the cap and the unique labels
 * are checked on one list in one write, with no slot bookkeeping. No zod here: the site imports this module
 * (the schema is in ./profile.ts).
 */
export const PLACE_LIMITS = {
  max: 6,
  label: { min: 1, max: 30 },
  /** The place's display name as the search gave it ("Lyon 3e Arrondissement", an address). */
  name: { min: 1, max: 120 },
} as const;

/** The two slots the profile page offers before "Ajouter un lieu". */
export const SUGGESTED_LABELS = ['Maison', 'Travail'] as const;

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
