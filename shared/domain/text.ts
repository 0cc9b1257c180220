import * as z from 'zod';

/**
 * Control characters (C0, DEL, C1), line/paragraph separators and bidirectional overrides: nothing a name
 * needs, and each can break a layout, a log line or an email subject.
 */
const FORBIDDEN_CHARS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Trimmed text of min–max characters (code points, so an emoji counts once), without control characters. */
export function cleanText(min: number, max: number) {
  return z
    .string()
    .trim()
    .refine((s) => !FORBIDDEN_CHARS.test(s), 'Control characters are not allowed')
    .refine((s) => [...s].length >= min, `At least ${min} character${min > 1 ? 's' : ''}`)
    .refine((s) => [...s].length <= max, `At most ${max} characters`);
}
