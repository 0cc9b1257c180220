/**
 * The weekly digest's pure parts: which week, when the next one is due (Europe/Paris wall clock), and the
 * lowest price in effect during a window from price history.
 */
import { PLAUSIBLE_PRICE } from '../domain/stats.ts';
import { parisClock, parisDay, parisInstant } from '../domain/time.ts';

const DAY_MS = 86_400_000;

/** The week a digest is for: the Paris date of the Monday of `now`'s week (YYYY-MM-DD). */
export function digestWeek(now: Date): string {
  const weekday = parisClock(now).day; // 1 = Monday
  const today = Date.parse(`${parisDay(now)}T00:00:00Z`);
  return new Date(today - (weekday - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** The next time the digest is due after `now`: the next `weekday` at `hour:minute`, Paris time. */
export function nextDigestAt(now: Date, schedule: { weekday: number; hour: number; minute: number }): Date {
  const today = Date.parse(`${parisDay(now)}T00:00:00Z`);
  const weekday = parisClock(now).day;
  for (let d = 0; d <= 7; d++) {
    if (((weekday - 1 + d) % 7) + 1 !== schedule.weekday) continue;
    const day = new Date(today + d * DAY_MS).toISOString().slice(0, 10);
    const at = parisInstant(day, schedule.hour, schedule.minute);
    if (at.getTime() > now.getTime()) return at;
  }
  // Unreachable with a weekday 1–7: a week later.
  return parisInstant(
    new Date(today + 7 * DAY_MS).toISOString().slice(0, 10),
    schedule.hour,
    schedule.minute,
  );
}

export interface PricePoint {
  /** Price date (ISO). */
  at: string;
  price: number;
}

/**
 * The lowest price in effect during [fromMs, toMs): the last price set at or before `fromMs` (still in force
 * when the window opened) and every price set inside the window. Implausible values are ignored.
 */
export function lowestInEffect(points: readonly PricePoint[], fromMs: number, toMs: number): number | null {
  let opening: { at: number; price: number } | null = null;
  let low = Number.POSITIVE_INFINITY;
  for (const p of points) {
    const at = Date.parse(p.at);
    if (Number.isNaN(at) || p.price < PLAUSIBLE_PRICE.min || p.price > PLAUSIBLE_PRICE.max) continue;
    if (at <= fromMs) {
      if (!opening || at > opening.at) opening = { at, price: p.price };
    } else if (at < toMs) low = Math.min(low, p.price);
  }
  if (opening) low = Math.min(low, opening.price);
  return Number.isFinite(low) ? low : null;
}
