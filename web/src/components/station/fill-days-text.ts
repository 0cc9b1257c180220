/**
 * The words of FillDaysCard.astro ("Quand faire le plein ?", issue 18 item 5), apart from the DOM (unit tested
 * in test/unit/web/fill-days-text.test.ts): the verdict of shared/domain/fill-days.ts and the last variation.
 */
import { FILL_DAYS, type FillDays, type LastVariation } from '#shared/domain/fill-days.ts';
import { formatAge, hoursSince } from '../../lib/format.ts';

const WINDOW_DAYS = FILL_DAYS.windowWeeks * 7;
const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const oneDecimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const MINUS = '\u2212';

/** ISO weekday 1…7 → "lundi"…"dimanche". */
export const dayName = (day: number): string => DAYS[day - 1] ?? '';

/** The verdict in one sentence. */
export function verdictText(
  f: Pick<FillDays, 'verdict' | 'cheapest' | 'dearest' | 'spreadCents' | 'coveredDays' | 'variations'>,
): string {
  if (f.verdict === 'cheapest' && f.cheapest && f.dearest && f.spreadCents !== null)
    return `Le ${dayName(f.cheapest.day)} est en moyenne le jour le moins cher (${MINUS}${oneDecimal.format(f.spreadCents)} ct/L par rapport au ${dayName(f.dearest.day)})`;
  if (f.verdict === 'flat') return 'Aucun jour n’est vraiment moins cher (écart < 0,5 ct)';
  // Thin: too few days known, or enough days but a price that hardly moved; say which.
  const known = Math.floor(f.coveredDays);
  if (known < FILL_DAYS.minCoveredDays)
    return `Pas encore assez de données pour le dire (${known} jour${known > 1 ? 's' : ''} connu${known > 1 ? 's' : ''} sur ${WINDOW_DAYS})`;
  const moves =
    f.variations === 0 ? 'prix inchangé' : `${f.variations} variation${f.variations > 1 ? 's' : ''} de prix`;
  return `Pas encore assez de données pour le dire (${moves} en ${WINDOW_DAYS} jours)`;
}

/** "Dernière variation : −3 ct il y a 2 h": whole centimes, tenths under one centime (never "0 ct"). */
export function lastVariationText(last: LastVariation, nowMs: number): string {
  const cents = last.delta * 100;
  const whole = Math.round(Math.abs(cents));
  const size = whole >= 1 ? String(whole) : oneDecimal.format(Math.abs(cents));
  const sign = cents < 0 ? MINUS : '+';
  return `Dernière variation : ${sign}${size}\u00a0ct ${formatAge(hoursSince(last.at, nowMs))}`;
}
