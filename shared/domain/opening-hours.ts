import type { Closure, DayHours, OpeningHours } from './station.ts';

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

/** Local Paris time of an instant: ISO weekday (1 = Monday … 7 = Sunday) and minutes since midnight. */
export interface ParisClock {
  day: DayHours['day'];
  minutes: number;
}

const WEEKDAYS: Record<string, DayHours['day']> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
let parisParts: Intl.DateTimeFormat | undefined;

/** Europe/Paris weekday and time of day at `at` (Intl knows the DST rules, including the changeover days). */
export function parisClock(at: Date | number): ParisClock {
  parisParts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  let day: DayHours['day'] = 1;
  let hour = 0;
  let minute = 0;
  for (const part of parisParts.formatToParts(at)) {
    if (part.type === 'weekday') day = WEEKDAYS[part.value] ?? 1;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minutes: hour * 60 + minute };
}

let parisDateTime: Intl.DateTimeFormat | undefined;

/**
 * Paris wall-clock time of an instant as `YYYY-MM-DDTHH:MM:SS` (no offset). Feed dates are stored as Paris
 * ISO strings (`…T15:00:04+02:00`), so this prefix compares correctly with them as text (DynamoDB sort keys).
 */
export function parisLocalDateTime(at: Date | number): string {
  parisDateTime ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const part of parisDateTime.formatToParts(at)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

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
