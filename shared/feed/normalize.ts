import { deptFromPostcode, isInFrenchArea } from '#shared/domain/geo.ts';
import type { StationFlag } from '#shared/domain/station.ts';

/** Plausible bounds for a litre of fuel, in euros; outside them a price is kept but marked `outlier`. */
export const PRICE_BOUNDS = { min: 0.3, max: 4 } as const;

export interface Coords {
  lat: number | null;
  lon: number | null;
  /** At most one of the coords-* flags. */
  flag: StationFlag | null;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Feed coordinates → WGS84 degrees. The feed writes degrees × 100000 (`4620114`, `5059477.455`), but
 * official pipelines also meet empty or 0 values, swapped latitude/longitude and values already in degrees.
 * We try the readings in order — scaled, scaled and swapped, unscaled, unscaled and swapped — and keep the
 * first that lands where French stations are (mainland, Corsica, overseas). If none does, the scaled
 * reading is kept when it is a valid position (the far-from-postcode check will usually flag it).
 * Rounded to 6 decimals (~10 cm).
 */
export function normalizeCoords(rawLat: string | undefined, rawLon: string | undefined): Coords {
  const a = rawLat === undefined || rawLat.trim() === '' ? 0 : Number(rawLat);
  const b = rawLon === undefined || rawLon.trim() === '' ? 0 : Number(rawLon);
  if (Number.isNaN(a) || Number.isNaN(b)) return { lat: null, lon: null, flag: 'coords-invalid' };
  if (a === 0 || b === 0) return { lat: null, lon: null, flag: 'coords-missing' };
  const lat = a / 1e5;
  const lon = b / 1e5;
  if (isInFrenchArea(lat, lon)) return { lat: round6(lat), lon: round6(lon), flag: null };
  if (isInFrenchArea(lon, lat)) return { lat: round6(lon), lon: round6(lat), flag: 'coords-swapped' };
  if (isInFrenchArea(a, b)) return { lat: round6(a), lon: round6(b), flag: 'coords-unscaled' };
  if (isInFrenchArea(b, a)) return { lat: round6(b), lon: round6(a), flag: 'coords-unscaled' };
  if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { lat: round6(lat), lon: round6(lon), flag: null };
  return { lat: null, lon: null, flag: 'coords-invalid' };
}

export interface Postcode {
  cp: string;
  dept: string;
  valid: boolean;
}

/**
 * The postcode is kept as given (trimmed). The département comes from it (never from the station id);
 * a 4-digit postcode (a lost leading zero) still gives one, but is flagged invalid like any non-French one.
 */
export function normalizePostcode(raw: string | undefined): Postcode {
  const cp = raw === undefined ? '' : raw.trim();
  const dept = deptFromPostcode(cp);
  if (dept !== null) return { cp, dept, valid: true };
  return { cp, dept: cp.length === 4 ? (deptFromPostcode(`0${cp}`) ?? '') : '', valid: false };
}

/** A price text → euros. Values of 100 and more are millièmes (old and yearly files: `1255` = 1.255 €). */
export function parsePriceValue(raw: string): number | null {
  const plain = plainDecimal(raw);
  if (plain >= 0) return plain >= 100 ? plain / 1000 : plain;
  // Number() ignores surrounding whitespace but reads '' and '  ' as 0: those are missing values.
  let value = Number(raw);
  if (Number.isNaN(value) && raw.includes(',')) value = Number(raw.replace(',', '.'));
  if (!Number.isFinite(value) || (value === 0 && raw.trim() === '')) return null;
  return value >= 100 ? value / 1000 : value;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `1739` or `1.739` (digits, at most one inner dot, ≤ 15 digits) → its value; -1 for anything else. The
 * feed's 33k prices are all this form, and reading them by hand is several times cheaper than Number().
 * Same result: an exact integer divided by an exact power of ten is correctly rounded, like Number()'s parse.
 */
function plainDecimal(s: string): number {
  const length = s.length;
  if (length === 0 || length > 16) return -1;
  let n = 0;
  let dot = -1;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot < 0 && i > 0 && i < length - 1) dot = i;
    else if (c >= 48 && c <= 57) n = n * 10 + (c - 48);
    else return -1;
  }
  if (dot < 0) return length > 15 ? -1 : n;
  return n / (POW10[length - 1 - dot] as number);
}

/**
 * Opening-hour text → 'HH:MM'. The feed writes `HH.MM`; `HH:MM`, `HHhMM` and `H.MM` are accepted too.
 * 24:00 is allowed (end of day). null when unreadable.
 */
export function parseClock(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const short = raw.length === 4 ? 1 : 0; // `7.30`
  if (raw.length + short !== 5) return null;
  const sep = raw.charCodeAt(2 - short);
  if (sep !== 46 && sep !== 58 && sep !== 104 && sep !== 72) return null; // . : h H
  const h = short ? digit(raw, 0) : digit(raw, 0) * 10 + digit(raw, 1);
  const m = digit(raw, 3 - short) * 10 + digit(raw, 4 - short);
  if (!(h >= 0 && m >= 0 && m <= 59 && (h < 24 || (h === 24 && m === 0)))) return null;
  return CLOCKS[h * 60 + m] ?? null;
}

/** 'HH:MM' for every minute of the day and 24:00: the feed's 86k times then allocate nothing. */
const CLOCKS = Array.from({ length: 24 * 60 + 1 }, (_, i) => {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(i / 60))}:${two(i % 60)}`;
});

/** The digit at `i`, or NaN (which fails every comparison). */
function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** Days (1 = Monday … 7 = Sunday) named in an old `saufjour` attribute, e.g. "Dimanche" or "Samedi, Dimanche". */
export function daysNamed(text: string | undefined): Set<number> {
  const days = new Set<number>();
  if (!text) return days;
  const lower = text.toLowerCase();
  DAY_NAMES.forEach((name, i) => {
    if (lower.includes(name)) days.add(i + 1);
  });
  return days;
}
