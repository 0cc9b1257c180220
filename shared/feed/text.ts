/**
 * Text clean-up for addresses, towns and services.
 *
 * Some feed text is UTF-8 that was stored as Latin-1: `Édouard` (C3 89) arrives as `Ã\x89douard`. After a
 * Latin-1 decode each byte is one char, so such text shows a lead char followed by continuation chars
 * (U+0080–U+00BF): we re-read exactly those sequences as UTF-8. To leave real Latin-1 text alone
 * (`CHÂTEAU` is Â then T, but `È°` or `É` + no-break space would also be valid UTF-8), only the leads that
 * French mojibake is made of are taken: C2–C5 (U+0080–U+017F: accented letters, œ, °, «»), E2 (’ – … €)
 * and F0–F4 (emoji). A real `Â°` or `Ã©` would be "repaired" too: no French word has them.
 * What remains in U+0080–U+009F afterwards are C1 control codes, never text (e.g. the feed's
 * `Saint-E\x89tienne`, a lost lead byte): they are removed.
 */

/** Number of continuation bytes a UTF-8 lead byte announces; 0 when it is not a lead we repair. */
function continuations(c: number): number {
  if (c >= 0xc2 && c <= 0xc5) return 1;
  if (c === 0xe2) return 2;
  if (c >= 0xf0 && c <= 0xf4) return 3;
  return 0;
}

const isContinuation = (c: number) => c >= 0x80 && c <= 0xbf;

/** Code point of the UTF-8 sequence at `i` (as Latin-1 chars), or -1 when it is not a valid one. */
function sequenceAt(s: string, i: number): number {
  const lead = s.charCodeAt(i);
  const n = continuations(lead);
  if (n === 0 || i + n >= s.length) return -1;
  let cp = n === 1 ? lead & 0x1f : n === 2 ? lead & 0x0f : lead & 0x07;
  for (let k = 1; k <= n; k++) {
    const c = s.charCodeAt(i + k);
    if (!isContinuation(c)) return -1;
    cp = (cp << 6) | (c & 0x3f);
  }
  // Reject overlong forms, surrogates and code points past U+10FFFF.
  if (
    (n === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
    (n === 3 && (cp < 0x10000 || cp > 0x10ffff))
  ) {
    return -1;
  }
  return cp;
}

/** True when the text holds a C1 control char or a UTF-8 sequence read as Latin-1. */
export function needsRepair(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 || c > 0xf4) continue;
    if (c <= 0x9f) return true;
    if (continuations(c) > 0 && sequenceAt(s, i) >= 0) return true;
  }
  return false;
}

/** The text with UTF-8-as-Latin-1 sequences decoded and C1 control chars removed (see needsRepair). */
export function repairText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (continuations(c) > 0) {
      const cp = sequenceAt(s, i);
      if (cp >= 0) {
        out += String.fromCodePoint(cp);
        i += continuations(c);
        continue;
      }
    }
    if (c >= 0x80 && c <= 0x9f) continue;
    out += s[i];
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

/** Trims and collapses runs of whitespace to one space; returns the same string when already tidy. */
export function tidyText(s: string): string {
  let prevSpace = true;
  let tidy = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      if (prevSpace || c !== 32) {
        tidy = false;
        break;
      }
      prevSpace = true;
    } else prevSpace = false;
  }
  if (tidy && !(s.length > 0 && prevSpace)) return s;
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * Anything that makes a text need repair or tidying: a char outside printable ASCII, plain space and the
 * Latin-1 letters that cannot lead a repaired UTF-8 sequence (C1 codes, no-break space, tab, newline, the
 * leads C2–C5/E2/F0–F4), or a leading, trailing or double space. Chars past U+00FF (from character
 * references) are fine.
 */
const DIRTY = /[^ !-~\u00a1-\u00c1\u00c6-\u00e1\u00e3-\u00ef\u00f5-\uffff]|^ | $| {2}/;

/**
 * True when the text needs neither repair nor tidying. Almost every feed text is. A regular expression and
 * not a charCodeAt loop: the texts are slices of the parser's chunk, which V8 reads char by char several
 * times slower than its regex engine scans them.
 */
export function isCleanText(s: string): boolean {
  return !DIRTY.test(s);
}
