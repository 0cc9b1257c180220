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
  /** The driver's own name for it ("Chez maman", the favourite's name) when given, else the station title. */
  title: string;
  /** Beneath the title: the address; under the driver's own name, the station's title and address. */
  address: string;
  town: string;
  /** The favourite's name the driver gave, or null. */
  ownName: string | null;
  /** The title comes from OpenStreetMap: the email then credits it (ODbL). */
  osm: boolean;
  /** Turn-by-turn directions (https: they open in any mail client, the app when installed); null without position. */
  directions: Directions | null;
}

export interface Directions {
  google: string;
  waze: string;
}

/** A station as stationTexts reads it: heading fields and, when the feed gives them, its coordinates. */
export type TextSource = HeadingSource & { lat?: number | null; lon?: number | null };

/**
 * The title and address lines an email shows for these stations (ids without a station are left out).
 * `ownNames` holds the names the driver gave their favourites (station id → name, or null).
 */
export function stationTexts(
  ids: Iterable<string>,
  byId: ReadonlyMap<string, TextSource>,
  ownNames: ReadonlyMap<string, string | null> = new Map(),
): Map<string, StationText> {
  const out = new Map<string, StationText>();
  for (const id of ids) {
    const s = byId.get(id);
    if (!s) continue;
    const heading = stationHeading(s);
    const ownName = ownNames.get(id)?.trim() || null;
    const osm = hasOsmName(s);
    out.set(id, {
      ...(ownName ? { title: ownName, address: oneLine(heading, osm) } : heading),
      town: properCase(s.town.trim()),
      ownName,
      osm,
      directions: directionsTo(s.lat, s.lon),
    });
  }
  return out;
}

/** The station's own heading on one line, under the driver's name for it. */
function oneLine(h: { title: string; address: string }, osm: boolean): string {
  if (!h.address || h.address === h.title) return h.title;
  // Without OSM data the title is the street address, and the line beneath the postcode and town.
  return osm ? `${h.title} · ${h.address}` : `${h.title}, ${h.address}`;
}

/** Google Maps and Waze links to drive there (the site's Directions component builds the same). */
function directionsTo(lat: number | null | undefined, lon: number | null | undefined): Directions | null {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon))
    return null;
  const ll = `${lat.toFixed(6)},${lon.toFixed(6)}`;
  return {
    google: `https://www.google.com/maps/dir/?api=1&destination=${ll}`,
    waze: `https://waze.com/ul?ll=${ll}&navigate=yes`,
  };
}

export const OSM_COPYRIGHT = 'https://www.openstreetmap.org/copyright';

/** The ODbL credit line, for an email that shows a name or brand from OpenStreetMap; else null. */
export function osmCredit(stations: ReadonlyMap<string, StationText>): string | null {
  if (![...stations.values()].some((s) => s.osm)) return null;
  return `Noms et marques des stations : ${NAMES.credit} (${OSM_COPYRIGHT}).`;
}
