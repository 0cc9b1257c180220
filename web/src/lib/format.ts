/** French formatting of prices, ages, distances and dates (Europe/Paris). */
import { priceAgeHours } from '#shared/domain/price-age.ts';

const priceFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const oneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** 1.739 → "1,739 €" (per litre, three decimals as at the pump). */
export function formatPrice(price: number): string {
  return `${priceFormat.format(price)}\u00a0€`;
}

/** An amount of money: 12.5 → "12,50 €". */
export function formatEuros(amount: number): string {
  return euroFormat.format(amount);
}

export function formatNumber(value: number): string {
  return oneDecimal.format(value);
}

/** 0.42 → "420 m", 3.25 → "3,3 km". */
export function formatDistance(km: number): string {
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)}\u00a0m`;
  return `${oneDecimal.format(km)}\u00a0km`;
}

/** An age in hours → "il y a 12 min", "il y a 3 h", "il y a 2 j", "il y a 5 mois", "il y a 2 ans". */
export function formatAge(hours: number): string {
  if (hours < 1) return `il y a ${Math.max(1, Math.round(hours * 60))}\u00a0min`;
  if (hours < 48) return `il y a ${Math.round(hours)}\u00a0h`;
  const days = hours / 24;
  if (days < 60) return `il y a ${Math.round(days)}\u00a0j`;
  if (days < 730) return `il y a ${Math.round(days / 30.4)}\u00a0mois`;
  return `il y a ${Math.floor(days / 365.25)}\u00a0ans`;
}

/**
 * A price's age now, from its date: the API's `ageHours` is as of its answer, which may have been kept
 * offline for hours (lib/offline.ts) or left open on a phone.
 */
export function ageNow(updatedAt: string, now = Date.now()): number {
  return priceAgeHours(updatedAt, now);
}

export function hoursSince(iso: string, now = Date.now()): number {
  return Math.max(0, (now - Date.parse(iso)) / 3_600_000);
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** "1er" / "12e" */
export function ordinal(n: number): string {
  return n === 1 ? '1er' : `${n}e`;
}
