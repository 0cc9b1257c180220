import type { Station } from './station.ts';

/**
 * Station names and brands from OpenStreetMap (issue 16, docs/NAMES.md). The government feed carries
 * neither; OSM tags fuel stations with `ref:FR:prix-carburants` = the feed's station id. The names function
 * (shared/names/) turns the Osmose export into a `NamesTable`; the ingest joins it, with the accepted
 * corrections (`NameOverride`), into every station it publishes (`applyNames`).
 */

/** What OSM says about one feed station, after the duplicate rule (docs/NAMES.md). */
export interface NameEntry {
  /** The OSM `name` as given (trimmed), or null. */
  name: string | null;
  /** The canonical brand (name-suggestion-index), else the OSM `brand` as given, or null. */
  brand: string | null;
  /** The OSM `brand` as written, kept for the ODbL download and for auditing the normalisation. */
  osmBrand: string | null;
  operator: string | null;
}

/** The compact table the names function publishes (S3, `NAMES_OBJECT_KEY`), read by the ingest and the API. */
export interface NamesTable {
  /** Changes whenever the entries change (a hash of them): the ingest re-publishes when it moves. */
  version: string;
  /** When the source was read (ISO instant). */
  fetchedAt: string;
  /** Where it came from: a URL or a file name (never a full local path). */
  source: string;
  /** Data rows read, rows with a station id, and ids found on more than one OSM object. */
  rows: number;
  rowsWithId: number;
  duplicateIds: number;
  /** By feed station id. */
  entries: Record<string, NameEntry>;
}

/** An accepted correction (issue 16, "Signaler une erreur"): wins over OSM and survives the weekly refresh. */
export interface NameOverride {
  stationId: string;
  /** A field absent leaves OSM's value; null clears it. */
  name?: string | null;
  brand?: string | null;
  lat?: number;
  lon?: number;
  /** The report it came from, and when an admin accepted it. */
  reportId: string;
  acceptedAt: string;
}

/** How many published stations carry a name, a brand, either or neither, and the OSM ids no station has. */
export interface NamesCoverage {
  stations: number;
  withName: number;
  withBrand: number;
  withEither: number;
  neither: number;
  /** Ids of the names table that match no station of the feed. */
  unmatchedOsmIds: number;
  /** The names table joined (null: none published yet). */
  namesVersion: string | null;
}

/**
 * The station with its name and brand: the override's fields first, then the table's entry, else null.
 * A position override replaces the coordinates (and drops the coordinate flags the feed raised).
 */
export function applyNames(
  station: Station,
  entry: NameEntry | undefined,
  override: NameOverride | undefined,
): Station {
  const name = override && 'name' in override ? (override.name ?? null) : (entry?.name ?? null);
  const brand = override && 'brand' in override ? (override.brand ?? null) : (entry?.brand ?? null);
  const moved = override?.lat !== undefined && override.lon !== undefined;
  return {
    ...station,
    name,
    brand,
    ...(moved
      ? {
          lat: override.lat as number,
          lon: override.lon as number,
          flags: station.flags.filter((f) => !f.startsWith('coords-')),
        }
      : {}),
  };
}

/** Counts coverage over the stations as published, given the table's ids. */
export function namesCoverage(
  stations: Iterable<Pick<Station, 'id' | 'name' | 'brand'>>,
  table: Pick<NamesTable, 'entries' | 'version'> | null,
): NamesCoverage {
  const c: NamesCoverage = {
    stations: 0,
    withName: 0,
    withBrand: 0,
    withEither: 0,
    neither: 0,
    unmatchedOsmIds: 0,
    namesVersion: table?.version ?? null,
  };
  const seen = new Set<string>();
  for (const s of stations) {
    c.stations++;
    seen.add(s.id);
    if (s.name) c.withName++;
    if (s.brand) c.withBrand++;
    if (s.name || s.brand) c.withEither++;
    else c.neither++;
  }
  if (table) for (const id of Object.keys(table.entries)) if (!seen.has(id)) c.unmatchedOsmIds++;
  return c;
}

/** Lower-cased, accents and punctuation removed: how names and brands are compared and searched. */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The title a driver recognises (issue 16): the OSM name; the brand plus the town when the name is missing
 * or only repeats the brand ("TotalEnergies Access" stays, "Intermarché" becomes "Intermarché Brive");
 * with neither, the address (the feed's only label). `town` is shown in proper case by the caller's data.
 */
export function stationTitle(s: {
  name?: string | null;
  brand?: string | null;
  town: string;
  address: string;
}): string {
  const name = s.name?.trim() || null;
  const brand = s.brand?.trim() || null;
  const town = properCase(s.town);
  if (name && !(brand && foldName(name) === foldName(brand))) return name;
  if (brand) return town ? `${brand} ${town}` : brand;
  if (name) return town ? `${name} ${town}` : name;
  return s.address || town;
}

/** "BRIVE-LA-GAILLARDE" → "Brive-la-Gaillarde", "ST JEAN DE LUZ" → "St Jean de Luz". */
export function properCase(text: string): string {
  const small = new Set([
    'de',
    'du',
    'des',
    'la',
    'le',
    'les',
    'en',
    'sur',
    'sous',
    'aux',
    'au',
    'et',
    'l',
    'd',
  ]);
  return text
    .toLowerCase()
    .replace(/[\p{L}\p{N}]+/gu, (word, offset: number) =>
      offset > 0 && small.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1),
    );
}
