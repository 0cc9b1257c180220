/**
 * How French people write places that plain word matching misses (pure, issue 17): an arrondissement after
 * its city ("Paris 15e", "Paris 15", "Lyon 3ème", "Paris XVe", "Marseille 1er arrondissement") and small
 * typos ("Bordaux", "Clermont Ferand").
 */

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10 };

/** "15", "15E", "15EME", "1ER", "XV", "XVE" (normalized tokens) → the number, 1–20; else null. */
function ordinal(token: string): number | null {
  const digits = /^(\d{1,2})(E|EME|ER|ERE|EMME)?$/.exec(token);
  if (digits) return inRange(Number(digits[1]));
  const roman = /^([IVX]+)(E|EME|ER|ERE)?$/.exec(token);
  if (!roman) return null;
  const letters = roman[1] as string;
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const v = ROMAN[letters[i] as string] as number;
    const next = ROMAN[letters[i + 1] as string] ?? 0;
    n += v < next ? -v : v;
  }
  return toRoman(n) === letters ? inRange(n) : null; // "IIII", "VX" are not numbers
}

function inRange(n: number): number | null {
  return n >= 1 && n <= 20 ? n : null;
}

function toRoman(n: number): string {
  const tens = 'X'.repeat(Math.floor(n / 10));
  const units = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'][n % 10] as string;
  return tens + units;
}

const ARRONDISSEMENT_WORDS = new Set(['ARRONDISSEMENT', 'ARR', 'ARRT', 'ARRDT']);

/** The city and number a query names ("paris 15e" → PARIS, 15), or null. */
export function arrondissementQuery(tokens: readonly string[]): { city: string; n: number } | null {
  const words = tokens.filter((t) => !ARRONDISSEMENT_WORDS.has(t));
  if (words.length < 2) return null;
  const n = ordinal(words[words.length - 1] as string);
  if (n !== null) return { city: words.slice(0, -1).join(' '), n };
  const first = ordinal(words[0] as string); // "15e arrondissement Paris"
  return first !== null ? { city: words.slice(1).join(' '), n: first } : null;
}

/** How many edits a typo may have: none under 5 letters (too many short names), 1 up to 8, then 2. */
export function allowedEdits(text: string): number {
  const letters = text.replace(/ /g, '').length;
  return letters < 5 ? 0 : letters < 9 ? 1 : 2;
}

/**
 * Damerau (optimal string alignment) distance between `a` and `b`, or `max + 1` as soon as it must exceed
 * `max`: the search runs it over every commune, so it gives up early and reuses its rows.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows.length < 3 * width) rows = new Uint16Array(3 * width * 2);
  let prevPrev = 0;
  let prev = width;
  let row = 2 * width;
  for (let j = 0; j < width; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(
        (rows[prev + j] as number) + 1,
        (rows[row + j - 1] as number) + 1,
        (rows[prev + j - 1] as number) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      )
        d = Math.min(d, (rows[prevPrev + j - 2] as number) + 1);
      rows[row + j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return rows[prev + b.length] as number;
}

let rows = new Uint16Array(192);
