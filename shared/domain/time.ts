/**
 * Europe/Paris time, in one module (the feed and the product speak Paris wall-clock time): Intl-based helpers
 * (an instant's Paris date, weekday and clock; a Paris wall-clock time's instant), then the feed's
 * hand-written date reader.
 */
import type { DayHours } from './station.ts';

// ─── An instant in Paris wall-clock time (Intl knows the DST rules, including the changeover days) ─────

const parisDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Paris (YYYY-MM-DD) of an instant. */
export function parisDay(at: Date | number): string {
  return parisDate.format(at);
}

/** Local Paris time of an instant: ISO weekday (1 = Monday … 7 = Sunday) and minutes since midnight. */
export interface ParisClock {
  day: DayHours['day'];
  minutes: number;
}

const WEEKDAYS: Record<string, DayHours['day']> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
let parisParts: Intl.DateTimeFormat | undefined;

/** Europe/Paris weekday and time of day at `at`. */
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

/** The instant of a Paris wall-clock time on a Paris date (DST-aware; a non-existent time moves forward). */
export function parisInstant(day: string, hour: number, minute: number): Date {
  const target = Date.parse(`${day}T${pad2(hour)}:${pad2(minute)}:00Z`);
  let t = target - 3_600_000;
  for (let i = 0; i < 3; i++) t += target - Date.parse(`${parisLocalDateTime(t)}Z`);
  return new Date(t);
}

// ─── The feed's Paris local times → ISO 8601 with the right offset, without Intl on the hot path ────────
/*
 * The feed writes `maj` as Paris local time with no offset (`2025-07-28 15:00:04`, sometimes with `T` or
 * fractional seconds). Since 1996 France follows the EU rule: summer time (+02:00) from the last Sunday of
 * March 01:00 UTC to the last Sunday of October 01:00 UTC, winter time (+01:00) otherwise.
 *
 * Two local times need a choice:
 * - spring gap (e.g. 2025-03-30 02:30 does not exist): read with the offset in force before the change
 *   (+01:00), i.e. the same instant as 03:30+02:00, which is what we print (like Temporal's 'compatible').
 * - autumn overlap (e.g. 2025-10-26 02:30 happens twice): the first, summer occurrence (+02:00).
 * Years before 1996 (other rules) go through Intl, which knows the tz history; the feed rarely has them.
 */

const HOUR = 3600;
const DAY = 86400;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

function lastSunday(y: number, m: number, lastDay: number): number {
  const days = daysFromCivil(y, m, lastDay);
  const dow = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return days - dow;
}

/** [start, end) of summer time for a year, in seconds since epoch, both as UTC instants. */
const dstCache = new Map<number, [number, number]>();
function dstBoundsUtc(y: number): [number, number] {
  let b = dstCache.get(y);
  if (!b) {
    b = [lastSunday(y, 3, 31) * DAY + HOUR, lastSunday(y, 10, 31) * DAY + HOUR];
    dstCache.set(y, b);
  }
  return b;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return DAYS_IN_MONTH[m - 1] ?? 0;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatLocal(localSec: number, frac: string, offsetHours: number): string {
  const days = Math.floor(localSec / DAY);
  const rest = localSec - days * DAY;
  const [y, m, d] = civilFromDays(days);
  const hh = Math.floor(rest / HOUR);
  const mi = Math.floor((rest % HOUR) / 60);
  const ss = rest % 60;
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}T${pad2(hh)}:${pad2(mi)}:${pad2(ss)}${frac}${offsetSuffix(offsetHours)}`;
}

/** Reads `n` ASCII digits at `i`; -1 when any is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

let intlFormat: Intl.DateTimeFormat | undefined;
/** Paris offset in hours at a UTC instant, from the tz database (slow path, years < 1996). */
function intlOffsetHours(utcSec: number): number {
  intlFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });
  const name = intlFormat
    .formatToParts(new Date(utcSec * 1000))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(name ?? '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) + Number(match[3]) / 60);
}

/** [offset hours, local seconds to print] for a Paris wall-clock time (see the gap/overlap rules above). */
function resolveLocal(y: number, localSec: number): [number, number] {
  if (y >= 1996) {
    const [start, end] = dstBoundsUtc(y);
    // In local seconds the change happens at start+1h (02:00 CET) and end+2h (03:00 CEST).
    if (localSec < start + HOUR) return [1, localSec];
    if (localSec < start + 2 * HOUR) return [2, localSec + HOUR]; // the spring gap
    if (localSec < end + 2 * HOUR) return [2, localSec]; // includes the autumn overlap: summer first
    return [1, localSec];
  }
  const early = intlOffsetHours(localSec - 12 * HOUR);
  const late = intlOffsetHours(localSec + 12 * HOUR);
  for (const off of early >= late ? [early, late] : [late, early]) {
    if (intlOffsetHours(localSec - off * HOUR) === off) return [off, localSec];
  }
  const instant = localSec - early * HOUR; // a gap: read with the offset before the change
  const off = intlOffsetHours(instant);
  return [off, instant + off * HOUR];
}

function offsetSuffix(off: number): string {
  return off === 2 ? '+02:00' : '+01:00';
}

/**
 * `2025-07-28 15:00:04` (or `T`, optional seconds, optional fraction, optional `Z`/`±HH:MM`) read as
 * Europe/Paris time → `2025-07-28T15:00:04+02:00`. Fractions are kept to milliseconds. A value that carries
 * its own offset is converted to Paris time. Returns null when the text is not a valid date-time.
 */
export function parisIso(text: string): string | null {
  // Prices of one station are often stamped with the same second: remember the last answer.
  if (text === lastText) return lastIso;
  lastIso = convert(text);
  lastText = text;
  return lastIso;
}

let lastText = '';
let lastIso: string | null = null;

function convert(text: string): string | null {
  const s =
    text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32)
      ? text.trim()
      : text;
  if (s.length < 16) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sep = s.charCodeAt(10);
  if (s[4] !== '-' || s[7] !== '-' || (sep !== 32 && sep !== 84) || s[13] !== ':') return null;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59)
    return null;
  let i = 16;
  let sec = 0;
  if (s[i] === ':') {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 59) return null;
    i += 3;
  }
  let frac = '';
  if (s[i] === '.' || s[i] === ',') {
    let j = i + 1;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j === i + 1) return null;
    frac = `.${s.slice(i + 1, Math.min(j, i + 4))}`;
    i = j;
  }
  const days = daysFromCivil(y, mo, d);
  const localSec = days * DAY + h * HOUR + mi * 60 + sec;
  if (i < s.length) {
    // An explicit zone: take the instant, then express it in Paris time.
    let zoneSec: number;
    if (s[i] === 'Z' && i + 1 === s.length) zoneSec = 0;
    else {
      const sign = s[i] === '+' ? 1 : s[i] === '-' ? -1 : 0;
      const zh = digits(s, i + 1, 2);
      const zm = s[i + 3] === ':' ? digits(s, i + 4, 2) : digits(s, i + 3, 2);
      const end = s[i + 3] === ':' ? i + 6 : i + 5;
      if (!sign || zh < 0 || zm < 0 || end !== s.length) return null;
      zoneSec = sign * (zh * HOUR + zm * 60);
    }
    const utc = localSec - zoneSec;
    const off = y >= 1996 && y < 9999 ? utcOffsetHours(utc) : intlOffsetHours(utc);
    if (off !== 1 && off !== 2) return new Date(utc * 1000).toISOString();
    return formatLocal(utc + off * HOUR, frac, off);
  }
  const [off, shown] = resolveLocal(y, localSec);
  if (off !== 1 && off !== 2) return new Date((shown - off * HOUR) * 1000).toISOString(); // pre-1940 local mean time
  // Common case: reuse the input text instead of formatting numbers.
  if (shown === localSec && i >= 19) return `${s.slice(0, 10)}T${s.slice(11, 19)}${frac}${offsetSuffix(off)}`;
  return formatLocal(shown, frac, off);
}

/** Paris offset in hours at a UTC instant (seconds), EU rule. */
function utcOffsetHours(utcSec: number): number {
  const y = civilFromDays(Math.floor(utcSec / DAY))[0];
  if (y < 1996) return intlOffsetHours(utcSec);
  const [start, end] = dstBoundsUtc(y);
  return utcSec >= start && utcSec < end ? 2 : 1;
}

/**
 * An instant (epoch ms) as ISO 8601 with the Europe/Paris offset of that moment, e.g.
 * `2023-11-22T21:04:10+01:00` (milliseconds shown only when not zero). The archive's instants go out this way.
 */
export function parisIsoOf(ms: number): string {
  const utc = Math.floor(ms / 1000);
  const rest = ms - utc * 1000;
  const off = utcOffsetHours(utc);
  if (off !== 1 && off !== 2) return new Date(ms).toISOString();
  return formatLocal(utc + off * HOUR, rest === 0 ? '' : `.${String(rest).padStart(3, '0')}`, off);
}
