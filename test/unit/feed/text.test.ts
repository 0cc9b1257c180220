import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCleanText, needsRepair, repairText, tidyText } from '#shared/feed/text.ts';

/** What the feed does to some texts: UTF-8 bytes, each read back as one Latin-1 char. */
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const fix = (text: string) => (needsRepair(text) ? repairText(text) : text);

describe('repairText', () => {
  it.each([
    ['77 Avenue \u00c3\u0089douard Depreux', '77 Avenue Édouard Depreux'],
    ['Chemin de Castres \u00c3\u00a0 Brassac', 'Chemin de Castres à Brassac'],
    ["2 Rue de l'\u00c3\u0089pinette", "2 Rue de l'Épinette"],
    ['Saint-E\u0089tienne', 'Saint-Etienne'], // a lone continuation byte: a control char, removed
    ['N\u00c2\u00b0 12', 'N° 12'],
    ['\u00e2\u0080\u0099', '\u2019'], // 3-byte sequence
    ['\u00f0\u009f\u0098\u0080', '😀'], // 4-byte sequence
  ])('repairs %j', (broken, expected) => {
    expect(needsRepair(broken)).toBe(true);
    expect(repairText(broken)).toBe(expected);
  });

  it.each([
    'CHÂTEAU FARINE',
    'Saint-Denis-lès-Bourg',
    'Sallebœuf',
    'Crèvecœur-le-Grand',
    'PARC D’ACTIVITÉ',
    'Ã la',
    'È°',
    'CAFÉ\u00a0BAR',
    'plain',
  ])('leaves real text alone: %j', (text) => {
    expect(needsRepair(text)).toBe(false);
  });

  it('recovers any French text that went through UTF-8-as-Latin-1', () => {
    const frenchChar = fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyzABCDEÉÈÊÀÂÎÔÛÇéèêëàâäîïôöûüùçœŒæ’–° -'0123456789",
    );
    fc.assert(
      fc.property(fc.array(frenchChar, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(fix(asLatin1(text))).toBe(text);
        // Real text is left alone unless it has one of the pairs no French word has (see text.ts).
        if (!/[\u00c2-\u00c5\u00e2][\u0080-\u00bf]/.test(text)) expect(fix(text)).toBe(text);
      }),
    );
  });
});

describe('tidyText', () => {
  it.each([
    [' Avenue du Fief Rose ', 'Avenue du Fief Rose'],
    ['VARNEVILLE  BRETTEVILLE', 'VARNEVILLE BRETTEVILLE'],
    ['a\t\nb\r\n c', 'a b c'],
    ['a\u00a0\u00a0b', 'a b'],
    ['   ', ''],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(tidyText(text)).toBe(expected);
  });

  it('returns the very same string when there is nothing to do', () => {
    const text = '16 BD DES MARTYRS NANTAIS';
    expect(tidyText(text)).toBe(text);
  });
});

describe('isCleanText', () => {
  it('agrees with repair + tidy: clean texts come out unchanged', () => {
    const char = fc.constantFrom(..."ab Z09-'éèÂÃâ€Œœ°\u00a0\t\n\u0089\u00c3\u0080".split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        const cleaned = tidyText(needsRepair(text) ? repairText(text) : text);
        if (isCleanText(text)) expect(cleaned).toBe(text);
      }),
      { numRuns: 2000 },
    );
    expect(isCleanText('16 BD DES MARTYRS NANTAIS')).toBe(true);
    expect(isCleanText('Crèvecœur-le-Grand')).toBe(true);
    expect(isCleanText('')).toBe(true);
    expect(isCleanText(' a')).toBe(false);
    expect(isCleanText('a ')).toBe(false);
    expect(isCleanText('a  b')).toBe(false);
  });
});
