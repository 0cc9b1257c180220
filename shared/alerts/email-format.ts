/** How the alert and digest emails write numbers, prices, ages, stations and links (French, pure). */
import { findFuel } from '../domain/fuels.ts';
import { properCase } from '../domain/names.ts';
import { type HeadingSource, hasOsmName, stationHeading } from '../domain/station-heading.ts';
import { NAMES } from '../platform.ts';

const euros3 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const euros2 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1.659 → "1,659 €/L". */
export const formatPrice = (p: number) => `${euros3.format(p)} €/L`;
/** 0.04 → "4,0 c€". */
export const formatCents = (euros: number) => `${oneDecimal.format(Math.abs(euros) * 100)} c€`;
export const formatEuros = (e: number) => `${euros2.format(e)} €`;
export const fuelLabel = (code: string) => findFuel(code)?.label ?? code;

/** "il y a 35 min", "il y a 2 h", "il y a 3 j"; "date inconnue" for an unreadable date. */
export function formatAge(updatedAt: string, nowMs: number): string {
  const at = Date.parse(updatedAt);
  if (Number.isNaN(at)) return 'date inconnue';
  const minutes = Math.max(0, Math.round((nowMs - at) / 60_000));
  if (minutes < 60) return `il y a ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `il y a ${hours} h`;
  return `il y a ${Math.round(hours / 24)} j`;
}

export function stationUrl(siteUrl: string, stationId: string): string {
  return `${siteUrl}/station/?id=${encodeURIComponent(stationId)}`;
}

/** 12.345 → "12,3" (distances in km). */
export const formatOneDecimal = (n: number) => oneDecimal.format(n);

/** 2025-07-28 → "28/07/2025". */
export function frenchDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** A station as an email heads it: its title (OSM name or brand, issue 16) and the address beneath. */
export interface StationText {
  title: string;
  address: string;
  town: string;
  /** The title comes from OpenStreetMap: the email then credits it (ODbL). */
  osm: boolean;
}

/** The title and address lines an email shows for these stations (ids without a station are left out). */
export function stationTexts(
  ids: Iterable<string>,
  byId: ReadonlyMap<string, HeadingSource>,
): Map<string, StationText> {
  const out = new Map<string, StationText>();
  for (const id of ids) {
    const s = byId.get(id);
    if (s) out.set(id, { ...stationHeading(s), town: properCase(s.town.trim()), osm: hasOsmName(s) });
  }
  return out;
}

export const OSM_COPYRIGHT = 'https://www.openstreetmap.org/copyright';

/** The ODbL credit line, for an email that shows a name or brand from OpenStreetMap; else null. */
export function osmCredit(stations: ReadonlyMap<string, StationText>): string | null {
  if (![...stations.values()].some((s) => s.osm)) return null;
  return `Noms et marques des stations : ${NAMES.credit} (${OSM_COPYRIGHT}).`;
}
