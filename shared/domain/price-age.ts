/**
 * How old a price is, and when we call it stale. Defined once: the API flags, the site's badges and the
 * docs all use these.
 */

/** A price not updated for more than this is shown as stale (upstream stations update daily or more). */
const STALE_PRICE_HOURS = 48;

/** Hours between an ISO instant and `nowMs`, one decimal, never negative; NaN for an unreadable date. */
export function priceAgeHours(updatedAt: string, nowMs: number): number {
  const at = Date.parse(updatedAt);
  if (Number.isNaN(at)) return Number.NaN;
  return Math.max(0, Math.round((nowMs - at) / 360_000) / 10);
}

/** Stale when older than STALE_PRICE_HOURS, or when the date cannot be read. */
export function isStaleAge(ageHours: number): boolean {
  return !(ageHours <= STALE_PRICE_HOURS);
}
