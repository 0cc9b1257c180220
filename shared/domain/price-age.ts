/**
 * How old a price and the data are, and when we call them stale: the ONE definition (issue 17). The API flags,
 * ranks and statistics, the dashboard and demo, the station history, the trends, the site's banner and the
 * admin console all read these thresholds and helpers, so no page calls "aujourd'hui" what another calls old.
 *
 * Two clocks: a price's age is against now (what the driver sees); whether prices are comparable (ranks,
 * statistics, the dashboard's ranking and savings) is against the feed time, so an old feed still ranks and
 * estimates, labelled with its date (`datedPhrase`) instead of "ces 7 derniers jours".
 */
import { parisDay } from './time.ts';

export const FRESHNESS = {
  /** A price not updated for more than this is shown as stale (upstream stations update daily or more). */
  stalePriceHours: 48,
  /** Prices at most this many days older than the feed time are compared (ranks, statistics, dashboard). */
  comparableDays: 7,
  /** Published data older than this is late: upstream refreshes every few minutes, we ingest every 15. */
  latePublishSeconds: 2 * 3600,
  /** A feed whose newest price is older than this is old, however recently it was ingested. */
  oldFeedHours: 3,
} as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Hours between an ISO instant and `nowMs`, one decimal, never negative; NaN for an unreadable date. */
export function priceAgeHours(updatedAt: string, nowMs: number): number {
  const at = Date.parse(updatedAt);
  if (Number.isNaN(at)) return Number.NaN;
  return Math.max(0, Math.round((nowMs - at) / 360_000) / 10);
}

/** Stale when older than FRESHNESS.stalePriceHours, or when the date cannot be read. */
export function isStaleAge(ageHours: number): boolean {
  return !(ageHours <= FRESHNESS.stalePriceHours);
}

/**
 * True when a price dated `atMs` takes part in comparisons at `referenceMs` (the feed time): not older than
 * `days` before it, and not more than a day after it (a clock skew, not a future price).
 */
export function isComparableAt(atMs: number, referenceMs: number, days = FRESHNESS.comparableDays): boolean {
  return atMs >= referenceMs - days * DAY_MS && atMs <= referenceMs + DAY_MS;
}

/** The instant prices are compared at: the feed time when known and readable, else now. */
export function referenceMs(feedTime: string | null | undefined, nowMs: number): number {
  const at = feedTime ? Date.parse(feedTime) : Number.NaN;
  return Number.isFinite(at) ? Math.min(at, nowMs) : nowMs;
}

/** Seconds since an ISO instant, never negative; null when absent or unreadable. */
export function secondsSince(iso: string | null | undefined, nowMs: number): number | null {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(at) ? Math.max(0, Math.round((nowMs - at) / 1000)) : null;
}

/** The last publication is older than FRESHNESS.latePublishSeconds. */
export function isLatePublish(publishedAt: string | null | undefined, nowMs: number): boolean {
  const age = secondsSince(publishedAt, nowMs);
  return age !== null && age > FRESHNESS.latePublishSeconds;
}

/** The feed's newest price is older than FRESHNESS.oldFeedHours (an old feed, even freshly ingested). */
export function isOldFeed(feedTime: string | null | undefined, nowMs: number): boolean {
  const age = secondsSince(feedTime, nowMs);
  return age !== null && age > FRESHNESS.oldFeedHours * 3600;
}

/** The data's state: `empty` before any publication, `stale` when late or old, else `ok`. */
export function dataStatus(
  published: { publishedAt: string; feedTime?: string | null } | null,
  nowMs: number,
): 'ok' | 'stale' | 'empty' {
  if (!published) return 'empty';
  return isLatePublish(published.publishedAt, nowMs) || isOldFeed(published.feedTime, nowMs) ? 'stale' : 'ok';
}

const longDate = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "5 juin 2026": the Paris date of an instant or of a YYYY-MM-DD day (read at noon, so no zone shifts it). */
export function parisLongDate(isoOrDay: string): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? `${isoOrDay}T12:00:00Z` : isoOrDay;
  return longDate.format(new Date(at));
}

/** "aujourd’hui", "hier" or "le 5 juin 2026": when an instant (or YYYY-MM-DD day) is, in Paris, from `nowMs`. */
export function dayPhrase(isoOrDay: string, nowMs: number): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? isoOrDay : parisDay(Date.parse(isoOrDay));
  if (day === parisDay(nowMs)) return 'aujourd’hui';
  if (day === parisDay(nowMs - DAY_MS)) return 'hier';
  return `le ${parisLongDate(isoOrDay)}`;
}

/**
 * Which prices are compared, in words: "ces 7 derniers jours" for a current feed; for an old one, "dans les
 * 7 jours avant le 28 juillet 2025" (its newest price's date), so old data never reads as recent.
 */
export function comparedWindowPhrase(feedTime: string | null | undefined, nowMs: number): string {
  const days = FRESHNESS.comparableDays;
  return feedTime && isOldFeed(feedTime, nowMs)
    ? `dans les ${days} jours avant le ${parisLongDate(feedTime)}`
    : `ces ${days} derniers jours`;
}

/** "prix du 5 juin 2026" for data of an old feed, null for a current one (nothing to add). */
export function datedPhrase(feedTime: string | null | undefined, nowMs: number): string | null {
  return feedTime && isOldFeed(feedTime, nowMs) ? `prix du ${parisLongDate(feedTime)}` : null;
}
