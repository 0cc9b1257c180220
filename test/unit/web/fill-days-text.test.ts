import { describe, expect, test } from 'vitest';
import {
  dayName,
  lastVariationText,
  verdictText,
} from '../../../web/src/components/station/fill-days-text.ts';

const base = { cheapest: null, dearest: null, spreadCents: null, coveredDays: 84, variations: 20 };
const NOW = Date.parse('2026-12-02T12:00:00+01:00');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('"Quand faire le plein ?" in words', () => {
  test('cheapest: the day, the spread with a real minus and a decimal comma, the dearest day', () => {
    expect(
      verdictText({
        ...base,
        verdict: 'cheapest',
        cheapest: { day: 2, price: 1.7 },
        dearest: { day: 7, price: 1.75 },
        spreadCents: 5,
      }),
    ).toBe('Le mardi est en moyenne le jour le moins cher (−5,0 ct/L par rapport au dimanche)');
    expect(
      verdictText({
        ...base,
        verdict: 'cheapest',
        cheapest: { day: 1, price: 1.7 },
        dearest: { day: 5, price: 1.712 },
        spreadCents: 1.2,
      }),
    ).toContain('Le lundi est en moyenne le jour le moins cher (−1,2 ct/L par rapport au vendredi)');
  });

  test('flat', () => {
    expect(verdictText({ ...base, verdict: 'flat', spreadCents: 0.3 })).toBe(
      'Aucun jour n’est vraiment moins cher (écart < 0,5 ct)',
    );
  });

  test('thin: the days known out of 84; with enough days, the variations that were missing', () => {
    expect(verdictText({ ...base, verdict: 'thin', coveredDays: 20.7, variations: 2 })).toBe(
      'Pas encore assez de données pour le dire (20 jours connus sur 84)',
    );
    expect(verdictText({ ...base, verdict: 'thin', coveredDays: 0.4, variations: 0 })).toBe(
      'Pas encore assez de données pour le dire (0 jour connu sur 84)',
    );
    expect(verdictText({ ...base, verdict: 'thin', coveredDays: 84, variations: 2 })).toBe(
      'Pas encore assez de données pour le dire (2 variations de prix en 84 jours)',
    );
    expect(verdictText({ ...base, verdict: 'thin', coveredDays: 84, variations: 0 })).toBe(
      'Pas encore assez de données pour le dire (prix inchangé en 84 jours)',
    );
  });

  test('the last variation: sign, whole centimes (tenths under one), French relative time', () => {
    const at = (delta: number, ms: number) => lastVariationText({ at: ago(ms), price: 1.7, delta }, NOW);
    expect(at(-0.03, 2 * 3_600_000)).toBe('Dernière variation : −3\u00a0ct il y a 2\u00a0h');
    expect(at(0.021, 5 * 60_000)).toBe('Dernière variation : +2\u00a0ct il y a 5\u00a0min');
    expect(at(-0.004, 3 * 86_400_000)).toBe('Dernière variation : −0,4\u00a0ct il y a 3\u00a0j');
  });

  test('weekday names, Monday = 1', () => {
    expect([1, 4, 7].map(dayName)).toEqual(['lundi', 'jeudi', 'dimanche']);
  });
});
