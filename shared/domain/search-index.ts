/**
 * The search index (pure): towns and postcodes grouped into places, every word of a station's address, town,
 * postcode, OpenStreetMap name and brand in a posting list (so "Leclerc Brive" finds it), built once per
 * snapshot and published as JSON so the API reads it back instead of rebuilding it.
 * Text is compared normalized: accents and case dropped, hyphens, apostrophes and other punctuation read as
 * spaces, `ST`/`STE` read as `SAINT`/`SAINTE` (so "st-étienne", "Saint Etienne" and "SAINT-ETIENNE" are one).
 */

export type MatchKind = 'exact' | 'prefix' | 'contains';
export type QueryKind = 'postcode' | 'postcode-prefix' | 'dept' | 'text';

export interface SearchableStation {
  id: string;
  town: string;
  cp: string;
  dept: string;
  address: string;
  lat: number | null;
  lon: number | null;
  flags: readonly string[];
  /** The OSM name and canonical brand (issue 16), when the ingest joined them. */
  name?: string | null;
  brand?: string | null;
}

export interface PlaceResult {
  town: string;
  cp: string;
  dept: string;
  lat: number;
  lon: number;
  stations: number;
  match: MatchKind;
}

/** A station as a search answers it: its searchable fields, its title (names.ts `stationTitle`), how it matched. */
export interface StationResult extends Omit<SearchableStation, 'flags' | 'name' | 'brand'> {
  kind: 'station';
  /** What a driver recognises: the OSM name, or brand plus town, else the address. */
  title: string;
  name: string | null;
  brand: string | null;
  match: MatchKind;
}

export interface SearchResult {
  kind: QueryKind;
  places: PlaceResult[];
  stations: StationResult[];
}

const ABBREVIATIONS: Record<string, string> = { ST: 'SAINT', STE: 'SAINTE', STS: 'SAINTS', STES: 'SAINTES' };

/** The comparable form of a text: upper-case ASCII words separated by single spaces. */
export function normalizeText(text: string): string {
  return normalizedTokens(text).join(' ');
}

export function normalizedTokens(text: string): string[] {
  const flat = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/Œ/g, 'OE')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'SS');
  const out: string[] = [];
  for (const word of flat.split(/[^A-Z0-9]+/)) {
    if (word) out.push(ABBREVIATIONS[word] ?? word);
  }
  return out;
}

/** A place as the index holds it: what a search answers about it, and how to match and expand it. */
export interface IndexedPlace extends Omit<PlaceResult, 'match'> {
  key: string;
  tokens: string[];
  /** Indexes of its stations, for postcode and département queries. */
  members: number[];
}

export interface SearchIndex {
  readonly places: readonly IndexedPlace[];
  readonly stations: readonly SearchableStation[];
  /** Unique words of every station's address, town and postcode, sorted (binary search for prefixes). */
  readonly words: readonly string[];
  readonly postings: ReadonlyMap<string, readonly number[]>;
}

/** Coordinates that may be averaged into a town centre. */
function placeable(s: SearchableStation): s is SearchableStation & { lat: number; lon: number } {
  return s.lat !== null && s.lon !== null && !s.flags.includes('coords-far-from-postcode');
}

export function buildSearchIndex(stations: readonly SearchableStation[]): SearchIndex {
  const groups = new Map<
    string,
    { key: string; cp: string; members: number[]; spellings: Map<string, number> }
  >();
  const postings = new Map<string, number[]>();
  stations.forEach((s, i) => {
    const key = normalizeText(s.town);
    const groupKey = `${key}|${s.cp}`;
    let g = groups.get(groupKey);
    if (!g) {
      g = { key, cp: s.cp, members: [], spellings: new Map() };
      groups.set(groupKey, g);
    }
    g.members.push(i);
    const town = s.town.trim();
    g.spellings.set(town, (g.spellings.get(town) ?? 0) + 1);
    const words = [
      ...normalizedTokens(s.address),
      ...normalizedTokens(s.town),
      s.cp,
      ...normalizedTokens(s.name ?? ''),
      ...normalizedTokens(s.brand ?? ''),
    ];
    for (const word of new Set(words)) {
      let list = postings.get(word);
      if (!list) {
        list = [];
        postings.set(word, list);
      }
      list.push(i);
    }
  });

  const places: IndexedPlace[] = [];
  for (const g of groups.values()) {
    const located = g.members.map((i) => stations[i] as SearchableStation).filter(placeable);
    if (located.length === 0 || !g.key) continue; // nowhere to show it on a map
    const first = stations[g.members[0] as number] as SearchableStation;
    places.push({
      town: displayName(g.spellings),
      cp: g.cp,
      dept: first.dept,
      lat: round5(located.reduce((sum, s) => sum + s.lat, 0) / located.length),
      lon: round5(located.reduce((sum, s) => sum + s.lon, 0) / located.length),
      stations: g.members.length,
      key: g.key,
      tokens: g.key.split(' '),
      members: g.members,
    });
  }
  return { places, stations, words: [...postings.keys()].sort(), postings };
}

/**
 * The index as plain JSON, for the ingest to publish once per run (shared/snapshot/parts.ts): the API then
 * reads it back with `searchIndexFromJson` (one JSON.parse and a Map of the posting lists, ~25 ms) instead of
 * building it from every station (~180 ms). Arrays, not objects, to keep it small and quick to parse.
 */
export interface SearchIndexJson {
  /** town, cp, dept, lat, lon, stations, key, members */
  places: [string, string, string, number, number, number, string, number[]][];
  /** id, town, cp, dept, address, lat, lon, name, brand (the last two absent in runs before issue 16) */
  stations: [
    string,
    string,
    string,
    string,
    string,
    number | null,
    number | null,
    (string | null)?,
    (string | null)?,
  ][];
  words: string[];
  /** The posting list of `words[i]`. */
  postings: number[][];
}

export function searchIndexToJson(index: SearchIndex): SearchIndexJson {
  return {
    places: index.places.map((p) => [p.town, p.cp, p.dept, p.lat, p.lon, p.stations, p.key, p.members]),
    stations: index.stations.map((s) => [
      s.id,
      s.town,
      s.cp,
      s.dept,
      s.address,
      s.lat,
      s.lon,
      s.name ?? null,
      s.brand ?? null,
    ]),
    words: [...index.words],
    postings: index.words.map((w) => [...(index.postings.get(w) ?? [])]),
  };
}

const NO_FLAGS: readonly string[] = [];

/** The index `searchIndexToJson` wrote; searches it exactly as the one it came from. */
export function searchIndexFromJson(json: SearchIndexJson): SearchIndex {
  const postings = new Map<string, readonly number[]>();
  json.words.forEach((w, i) => {
    postings.set(w, json.postings[i] ?? []);
  });
  return {
    places: json.places.map(([town, cp, dept, lat, lon, stations, key, members]) => ({
      town,
      cp,
      dept,
      lat,
      lon,
      stations,
      key,
      tokens: key.split(' '),
      members,
    })),
    // Flags only decide, while building, which stations place a town: a built index needs none.
    stations: json.stations.map(([id, town, cp, dept, address, lat, lon, name, brand]) => ({
      id,
      town,
      cp,
      dept,
      address,
      lat,
      lon,
      flags: NO_FLAGS,
      name: name ?? null,
      brand: brand ?? null,
    })),
    words: json.words,
    postings,
  };
}

/** The most frequent spelling of a town; on a tie the one with the most lower-case letters (nicer). */
function displayName(spellings: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [name, count] of spellings) {
    if (count > bestCount || (count === bestCount && lowerCount(name) > lowerCount(best))) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

function lowerCount(s: string): number {
  return s.replace(/[^a-zà-ÿ]/g, '').length;
}

function round5(n: number): number {
  return Math.round(n * 1e5) / 1e5;
}
