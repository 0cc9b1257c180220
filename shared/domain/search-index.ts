// Over 300 lines on purpose: the index's shapes, its build from stations and communes, and its JSON form
// belong together (a field added in one must be added in all three).
/**
 * The search index (pure): every commune of France and the arrondissements of Paris, Lyon and Marseille
 * (issue 17, from shared/places/communes.ts), placed with the stations, and towns and postcodes grouped into places, every word of a station's address, town,
 * postcode, OpenStreetMap name and brand in a posting list (so "Leclerc Brive" finds it), built once per
 * snapshot and published as JSON so the API reads it back instead of rebuilding it.
 * Text is compared normalized: accents and case dropped, hyphens, apostrophes and other punctuation read as
 * spaces, `ST`/`STE` read as `SAINT`/`SAINTE` (so "st-étienne", "Saint Etienne" and "SAINT-ETIENNE" are one).
 */

export type MatchKind = 'exact' | 'prefix' | 'contains' | 'fuzzy';
/** A commune (or a town as the stations spell it), an arrondissement municipal, or the geocoder's answers. */
export type PlaceKind = 'commune' | 'arrondissement' | 'address' | 'landmark';
/**
 * Where a place's centre comes from: the mean of its own stations, of the stations sharing its postcode, of
 * its city's (an arrondissement without a station), of its département's stations (offline and approximate: a commune with no station nearby), or the geocoder.
 */
export type CentreSource = 'stations' | 'postcode' | 'city' | 'departement' | 'geocoder';

/** A commune as the index takes it in (shared/places/communes.ts reads them from the official list). */
export interface Commune {
  /** Code INSEE. */
  code: string;
  /** Proper case, as the official list writes it: "Châteauroux", "Paris 15e". */
  name: string;
  dept: string;
  postcodes: readonly string[];
  population: number;
  /** For an arrondissement municipal, its city ("Paris"). */
  city?: string;
}
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
  kind: PlaceKind;
  /** The place's name in proper case ("Châteauroux", "Paris 15e"), or the address's town. */
  town: string;
  /** What a suggestion shows: "Paris 15e (75015)", "Lyon (69)", "12 Rue Garibaldi 69003 Lyon". */
  label: string;
  /** Its postcode; the first of `postcodes` when it has several. */
  cp: string;
  postcodes: string[];
  /** Code INSEE of the commune, when known. */
  code: string | null;
  dept: string;
  lat: number;
  lon: number;
  centre: CentreSource;
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
export interface IndexedPlace extends Omit<PlaceResult, 'match' | 'label'> {
  key: string;
  tokens: string[];
  /** Indexes of its stations, for postcode and département queries. */
  members: number[];
  population: number;
  /** An arrondissement's number and its city's key ("PARIS"), to read "Paris 15e", "Paris XV", "75015". */
  arr: number | null;
  cityKey: string | null;
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

/**
 * The index over the stations and, when given, the communes: each commune becomes a place (one per commune,
 * "Lyon" as a whole beside "Lyon 3e"), which takes over the towns its stations spell; towns the communes
 * do not cover stay places of their own.
 */
export function buildSearchIndex(
  stations: readonly SearchableStation[],
  communes: readonly Commune[] = [],
): SearchIndex {
  const groups = new Map<string, Group>();
  const postings = new Map<string, number[]>();
  stations.forEach((s, i) => {
    const key = normalizeText(s.town);
    const groupKey = `${key}|${s.cp}`;
    let g = groups.get(groupKey);
    if (!g) {
      g = { key, cp: s.cp, members: [], spellings: new Map(), covered: false };
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

  const places: IndexedPlace[] = placeCommunes(stations, communes, groups);
  for (const g of groups.values()) {
    if (g.covered) continue; // its commune answers for it
    const located = g.members.map((i) => stations[i] as SearchableStation).filter(placeable);
    if (located.length === 0 || !g.key) continue; // nowhere to show it on a map
    const first = stations[g.members[0] as number] as SearchableStation;
    places.push({
      kind: 'commune',
      town: displayName(g.spellings),
      cp: g.cp,
      postcodes: [g.cp],
      code: null,
      dept: first.dept,
      ...mean(located),
      centre: 'stations',
      stations: g.members.length,
      key: g.key,
      tokens: g.key.split(' '),
      members: g.members,
      population: 0,
      arr: null,
      cityKey: null,
    });
  }
  return { places, stations, words: [...postings.keys()].sort(), postings };
}

/** The stations of one town spelling and postcode. */
interface Group {
  key: string;
  cp: string;
  members: number[];
  spellings: Map<string, number>;
  /** A commune took it over. */
  covered: boolean;
}

/**
 * Communes as places, centred on their stations, else on the stations of their postcodes, else on their
 * département's (the package has no coordinates; the geocoder refines those when reachable). Stations keep
 * the feed's town (their titles proper-case it; the names download reads it as is).
 */
function placeCommunes(
  stations: readonly SearchableStation[],
  communes: readonly Commune[],
  groups: ReadonlyMap<string, Group>,
): IndexedPlace[] {
  if (communes.length === 0) return [];
  const byCp = new Map<string, Group[]>();
  for (const g of groups.values()) {
    const list = byCp.get(g.cp);
    if (list) list.push(g);
    else byCp.set(g.cp, [g]);
  }
  const centres = (keyOf: (s: SearchableStation) => string) => {
    const sums = new Map<string, { lat: number; lon: number; n: number }>();
    for (const s of stations) {
      if (!placeable(s)) continue;
      const k = keyOf(s);
      const sum = sums.get(k) ?? { lat: 0, lon: 0, n: 0 };
      sum.lat += s.lat;
      sum.lon += s.lon;
      sum.n++;
      sums.set(k, sum);
    }
    return sums;
  };
  const byPostcode = centres((s) => s.cp);
  const byDept = centres((s) => s.dept);
  const cities = new Set(communes.flatMap((c) => (c.city ? [normalizeText(c.city)] : [])));

  const places: IndexedPlace[] = [];
  const pending: number[] = []; // arrondissements without a station: centred on their city, once placed
  for (const c of communes) {
    const key = normalizeText(c.name);
    if (!key) continue;
    const cityKey = c.city ? normalizeText(c.city) : null;
    // The towns this commune answers for: its own name, or for a city with arrondissements (and each of
    // them) the city's name however the feed writes the number ("PARIS", "PARIS 15", "LYON 3EME").
    const stem = cityKey ?? (cities.has(key) ? key : null);
    const covers = (g: Group) =>
      g.key === key || (stem !== null && (g.key === stem || g.key.startsWith(`${stem} `)));
    const members: number[] = [];
    for (const cp of c.postcodes) {
      for (const g of byCp.get(cp) ?? []) {
        if (!covers(g)) continue;
        g.covered = true;
        members.push(...g.members);
      }
    }
    const located = members.map((i) => stations[i] as SearchableStation).filter(placeable);
    let centre: CentreSource = 'stations';
    let at: { lat: number; lon: number } | null = located.length ? mean(located) : null;
    if (!at) {
      const sum = c.postcodes.map((cp) => byPostcode.get(cp)).find((x) => x !== undefined);
      centre = sum ? 'postcode' : 'departement';
      const near = sum ?? byDept.get(c.dept);
      at = near ? { lat: round5(near.lat / near.n), lon: round5(near.lon / near.n) } : null;
    }
    if (!at) continue; // no station in the whole département: nowhere to search around
    if (cityKey && centre === 'departement') pending.push(places.length);
    places.push({
      kind: cityKey ? 'arrondissement' : 'commune',
      town: c.name,
      cp: c.postcodes[0] as string,
      postcodes: [...c.postcodes],
      code: c.code,
      dept: c.dept,
      ...at,
      centre,
      stations: members.length,
      key,
      tokens: key.split(' '),
      members,
      population: c.population,
      arr: cityKey ? arrondissementNumber(c.name) : null,
      cityKey,
    });
  }
  for (const k of pending) {
    const arr = places[k] as IndexedPlace;
    const city = places.find((p) => p.key === arr.cityKey && p.dept === arr.dept && p.centre === 'stations');
    if (city) Object.assign(arr, { lat: city.lat, lon: city.lon, centre: 'city' });
  }
  return places;
}

/** "Paris 15e" → 15, "Lyon 1er" → 1. */
function arrondissementNumber(name: string): number | null {
  const m = /\s(\d{1,2})(?:er|e)$/i.exec(name);
  return m ? Number(m[1]) : null;
}

function mean(located: readonly { lat: number; lon: number }[]): { lat: number; lon: number } {
  return {
    lat: round5(located.reduce((sum, s) => sum + s.lat, 0) / located.length),
    lon: round5(located.reduce((sum, s) => sum + s.lon, 0) / located.length),
  };
}

/**
 * The index as plain JSON, for the ingest to publish once per run (shared/snapshot/parts.ts): the API then
 * reads it back with `searchIndexFromJson` (one JSON.parse and a Map of the posting lists) instead of
 * building it from every station and commune. Arrays, not objects, to keep it small and quick to parse.
 */
export interface SearchIndexJson {
  /**
   * town, cp, dept, lat, lon, stations, key, members; then for a commune (issue 17, absent before and for
   * towns only the stations name): code, postcodes (0 when only `cp`), centre, population, arrondissement.
   */
  places: [
    string,
    string,
    string,
    number,
    number,
    number,
    string,
    number[],
    string?,
    (string[] | 0)?,
    CentreSource?,
    number?,
    (number | null)?,
  ][];
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
    places: index.places.map((p) =>
      p.code === null
        ? [p.town, p.cp, p.dept, p.lat, p.lon, p.stations, p.key, p.members]
        : [
            p.town,
            p.cp,
            p.dept,
            p.lat,
            p.lon,
            p.stations,
            p.key,
            p.members,
            p.code,
            p.postcodes.length > 1 ? p.postcodes : 0,
            p.centre,
            p.population,
            p.arr,
          ],
    ),
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
    places: json.places.map(
      ([town, cp, dept, lat, lon, stations, key, members, code, postcodes, centre, population, arr]) => {
        const tokens = key.split(' ');
        const isArr = arr !== undefined && arr !== null;
        return {
          kind: isArr ? 'arrondissement' : 'commune',
          town,
          cp,
          postcodes: postcodes || [cp],
          code: code ?? null,
          dept,
          lat,
          lon,
          centre: centre ?? 'stations',
          stations,
          key,
          tokens,
          members,
          population: population ?? 0,
          arr: isArr ? arr : null,
          cityKey: isArr ? tokens.slice(0, -1).join(' ') : null,
        };
      },
    ),
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
