import { properCase, stationTitle } from './names.ts';

/**
 * How a station is headed wherever it is shown (site and emails, issue 16): its title (`stationTitle`: the
 * OSM name, the brand plus the town, else the address) and the line beneath it.
 */
export interface StationHeading {
  /** "TotalEnergies Access", "Intermarché Brive-la-Gaillarde", else the address. */
  title: string;
  /** The address and the town, or the town alone when the title is already the address. */
  address: string;
}

/** What it takes to head a station; `name`/`brand` stay optional while every shape gains them. */
export interface HeadingSource {
  name?: string | null | undefined;
  brand?: string | null | undefined;
  address: string;
  cp: string;
  town: string;
}

/** Whether the station carries OpenStreetMap data, which must then be credited (ODbL). */
export function hasOsmName(s: {
  name?: string | null | undefined;
  brand?: string | null | undefined;
}): boolean {
  return Boolean(s.name?.trim() || s.brand?.trim());
}

/** The title and the address line, the town in proper case ("BRIVE-LA-GAILLARDE" → "Brive-la-Gaillarde"). */
export function stationHeading(s: HeadingSource): StationHeading {
  const address = s.address.trim();
  const place = [s.cp.trim(), properCase(s.town.trim())].filter(Boolean).join(' ');
  const title = stationTitle({ ...s, address }) || place || 'Station sans adresse';
  return { title, address: hasOsmName(s) && address ? `${address}, ${place}` : place };
}
