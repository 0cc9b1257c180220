import type { PriceChangeRecord } from '#shared/alerts/changes.ts';
import type { AlertRule } from '#shared/api/alert-types.ts';

/** "Now" of the unit tests: a Tuesday, 10:00 in Paris (summer time). */
export const NOW = new Date('2025-07-29T08:00:00Z');
/** A fresh price date (one hour before NOW). */
export const FRESH = '2025-07-29T09:00:00+02:00';

export function change(s: string, f: string, p: number, prev: number | null, at = FRESH): PriceChangeRecord {
  return { s, f, p, at, prev };
}

export function favRule(over: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'r1',
    fuel: 'Gazole',
    maxPrice: 1.7,
    dropCents: null,
    scope: { kind: 'favourites' },
    openNow: false,
    channel: 'email',
    ...over,
  };
}

export function placeRule(over: Partial<AlertRule> = {}, radiusKm = 10): AlertRule {
  return {
    id: 'p1',
    fuel: 'Gazole',
    maxPrice: 1.7,
    dropCents: null,
    scope: { kind: 'place', lat: 48.85, lon: 2.35, radiusKm, label: 'Maison' },
    openNow: false,
    channel: 'email',
    ...over,
  };
}
