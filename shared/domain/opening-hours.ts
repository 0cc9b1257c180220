import type { Closure, DayHours, OpeningHours } from './station.ts';
import { type ParisClock, parisClock } from './time.ts';

/**
 * "Is this station open now?" from the feed's weekly hours, in Europe/Paris wall-clock time (the feed's
 * hours are local times; the server may run in UTC). Pure; the caller passes the instant.
 *
 * Rules:
 * - a closure in force (`<fermeture>`, since ≤ now < until) → closed;
 * - no hours in the feed → null (unknown); `automate-24-24` → open;
 * - a range whose `close` is earlier than `open` runs past midnight: Saturday 20:00–02:00 is open on
 *   Sunday at 01:00, even when Sunday itself is marked closed;
 * - `open === close` is the feed's placeholder (`01.00–01.00`): it says nothing, like a missing day;
 * - a day that is absent, or open with no usable range → null, unless yesterday's late range covers now.
 */

/** 'HH:MM' → minutes since midnight; NaN when malformed. */
function clockMinutes(hhmm: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) return Number.NaN;
  return Number(match[1]) * 60 + Number(match[2]);
}

interface Range {
  open: number;
  close: number;
}

function usableRanges(day: DayHours | undefined): Range[] {
  if (!day || day.closed) return [];
  const out: Range[] = [];
  for (const r of day.ranges) {
    const open = clockMinutes(r.open);
    const close = clockMinutes(r.close);
    if (Number.isNaN(open) || Number.isNaN(close) || open === close) continue; // placeholder or unreadable
    out.push({ open, close });
  }
  return out;
}

/** Open at the given Paris clock, from the weekly hours alone: true, false, or null when unknown. */
export function isOpenAt(hours: OpeningHours | null, clock: ParisClock): boolean | null {
  if (!hours) return null;
  if (hours.automat24) return true;
  const yesterdayNumber = (clock.day === 1 ? 7 : clock.day - 1) as DayHours['day'];
  const yesterday = hours.days.find((d) => d.day === yesterdayNumber);
  // The tail of yesterday's range that runs past midnight.
  for (const r of usableRanges(yesterday)) if (r.close < r.open && clock.minutes < r.close) return true;

  const today = hours.days.find((d) => d.day === clock.day);
  if (!today) return null;
  if (today.closed) return false;
  const ranges = usableRanges(today);
  if (ranges.length === 0) return null;
  for (const r of ranges) {
    if (r.close > r.open ? clock.minutes >= r.open && clock.minutes < r.close : clock.minutes >= r.open)
      return true;
  }
  return false;
}

/** True when a `<fermeture>` closure is in force at `nowMs`. */
export function isClosedBy(closure: Closure | null | undefined, nowMs: number): boolean {
  if (!closure) return false;
  const since = closure.since ? Date.parse(closure.since) : Number.NEGATIVE_INFINITY;
  const until = closure.until ? Date.parse(closure.until) : Number.POSITIVE_INFINITY;
  return !(nowMs < since) && !(nowMs >= until);
}

/** The station-level answer: a closure wins, then the weekly hours. */
export function openNow(
  station: { hours: OpeningHours | null; closure?: Closure | null },
  nowMs: number,
  clock: ParisClock = parisClock(nowMs),
): boolean | null {
  if (isClosedBy(station.closure, nowMs)) return false;
  return isOpenAt(station.hours, clock);
}
