/**
 * Numbers as French drivers type them (pure): "1,95", "1.95", "1,950 €", "12 000 km", "6,5 L/100 km".
 * Form fields are `type="text" inputmode="decimal"`, never `type="number"`: a number input in a browser set to
 * another locale drops the comma ("1,95" became 195), and its value is "" for anything it cannot read.
 */

/** Spaces a number may carry between thousands: space, no-break space, narrow no-break space, thin space. */
const SPACES = /[\s\u00a0\u202f\u2009]/g;
/** A unit typed after the number: €, €/L, c€, cts, centimes, L, L/100 km, km, %… */
const UNIT = /(?:€\/l|c€|€|c(?:ts?|entimes?)?|l\/100[\s\u00a0\u202f]*(?:km)?|litres?|l|km|%)$/i;
/** A number whose thousands are grouped by spaces, then maybe decimals. */
const SPACED = /^[+-]?\d{1,3}(?:[\s\u00a0\u202f\u2009]\d{3})+(?:[.,]\d*)?$/;

/**
 * The number in `text`, or null when it holds none (empty, letters, two numbers). The decimal separator
 * is a comma or a dot; with both ("1.234,5", "1,234.5") the last one is the decimal separator and the
 * others group thousands, as do spaces and, with several of them, dots ("12.000"). A single dot or comma
 * is always decimal: "1.950" is the pump price 1,95, not 1950.
 */
export function parseFrenchNumber(text: string): number | null {
  const number = text
    .trim()
    .replace(/[−–]/g, '-')
    .replace(UNIT, '')
    .replace(/[\s\u00a0\u202f\u2009]+$/, '');
  // Spaces only group thousands ("12 000"): "1,95 2" is two numbers, not 1,952.
  if (/\d[\s\u00a0\u202f\u2009]/.test(number) && !SPACED.test(number)) return null;
  let s = number.replace(SPACES, '');
  if (!/^[+-]?[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const sign = s.startsWith('-') ? -1 : 1;
  s = s.replace(/^[+-]/, '');
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let integer: string;
  let fraction = '';
  if (lastComma >= 0 && lastDot >= 0) {
    const at = Math.max(lastComma, lastDot);
    const group = lastComma > lastDot ? '.' : ',';
    integer = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (!groupedThousands(integer, group) || /[.,]/.test(fraction)) return null;
    integer = integer.replaceAll(group, '');
  } else {
    const separator = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
    const count = separator ? s.split(separator).length - 1 : 0;
    if (separator && count > 1) {
      // Several of one kind: thousands ("12.000.000"), never decimals.
      if (!groupedThousands(s, separator)) return null;
      integer = s.replaceAll(separator, '');
    } else if (separator) {
      [integer = '', fraction = ''] = s.split(separator);
    } else integer = s;
  }
  if (!integer && !fraction) return null;
  const value = Number(`${integer || '0'}.${fraction || '0'}`);
  return Number.isFinite(value) ? sign * value : null;
}

/** "12.000.000" grouped by `separator` in threes after a first group of 1–3 digits (or no separator at all). */
function groupedThousands(digits: string, separator: string): boolean {
  if (!digits.includes(separator)) return /^\d*$/.test(digits);
  const [head = '', ...rest] = digits.split(separator);
  return /^\d{1,3}$/.test(head) && rest.every((g) => /^\d{3}$/.test(g));
}

/** A number for a text field, written the French way: 6.5 → "6,5", 12000 → "12000" (no grouping to retype). */
export function frenchNumberText(value: number): string {
  return String(value).replace('.', ',');
}

/** What a numeric form field accepts, and how its French error messages name it. */
export interface NumberField {
  /** "Le réservoir", "Le prix maximum": the start of the message. */
  label: string;
  min: number;
  max: number;
  /** "litres", "€ le litre", "centimes": after the bounds. */
  unit: string;
  /** A value to show as an example, the French way ("6,5"). */
  example: string;
  integer?: boolean;
  /** Digits kept after the decimal separator (a price: 3); more are refused, not rounded. */
  decimals?: number;
}

/** The field's number, or the French sentence saying what is wrong with `text`. */
export function readNumber(text: string, field: NumberField): { value: number } | { error: string } {
  const value = parseFrenchNumber(text);
  if (value === null) return { error: `${field.label} : saisissez un nombre, par exemple ${field.example}.` };
  const bounds = `${field.label} va de ${frenchNumberText(field.min)} à ${frenchNumberText(field.max)} ${field.unit}.`;
  if (value < field.min || value > field.max) return { error: bounds };
  if (field.integer && !Number.isInteger(value))
    return { error: `${field.label} : un nombre entier, par exemple ${field.example}.` };
  const scale = 10 ** (field.decimals ?? 12);
  if (Math.abs(value * scale - Math.round(value * scale)) > 1e-6)
    return { error: `${field.label} : au plus ${field.decimals} décimales, par exemple ${field.example}.` };
  return { value };
}
