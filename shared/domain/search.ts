/**
 * Search over towns, postcodes, départements and addresses (pure). The index is built once per snapshot;
 * a query then costs a scan of the ~6k places and a few posting-list reads for the stations.
 *
 * Text is compared normalized: accents and case dropped, hyphens, apostrophes and other punctuation read as
 * spaces, `ST`/`STE` read as `SAINT`/`SAINTE` (so "st-étienne", "Saint Etienne" and "SAINT-ETIENNE" are one).
 * Results are ranked exact > prefix > contains, then by how many stations a place has.
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

export interface StationResult {
  id: string;
  town: string;
  cp: string;
  dept: string;
  address: string;
  lat: number | null;
  lon: number | null;
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

const RANK: Record<MatchKind, number> = { exact: 0, prefix: 1, contains: 2 };
/** Substring ("contains") matching of words shorter than this is noise (every address contains "RU"). */
const MIN_CONTAINS = 3;

interface IndexedPlace {
  town: string;
  cp: string;
  dept: string;
  lat: number;
  lon: number;
  stations: number;
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
    for (const word of new Set([...normalizedTokens(s.address), ...normalizedTokens(s.town), s.cp])) {
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
  /** id, town, cp, dept, address, lat, lon */
  stations: [string, string, string, string, string, number | null, number | null][];
  words: string[];
  /** The posting list of `words[i]`. */
  postings: number[][];
}

export function searchIndexToJson(index: SearchIndex): SearchIndexJson {
  return {
    places: index.places.map((p) => [p.town, p.cp, p.dept, p.lat, p.lon, p.stations, p.key, p.members]),
    stations: index.stations.map((s) => [s.id, s.town, s.cp, s.dept, s.address, s.lat, s.lon]),
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
    stations: json.stations.map(([id, town, cp, dept, address, lat, lon]) => ({
      id,
      town,
      cp,
      dept,
      address,
      lat,
      lon,
      flags: NO_FLAGS,
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

/** A département code as typed: '01'…'95', '2A'/'2B', '971'…'976'. */
function asDept(q: string): string | null {
  const up = q.toUpperCase();
  if (/^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/.test(up) && up !== '20') return up;
  return null;
}

export function classifyQuery(q: string): QueryKind {
  const t = q.trim();
  if (/^\d{5}$/.test(t)) return 'postcode';
  if (asDept(t)) return 'dept';
  if (/^\d{1,4}$/.test(t)) return 'postcode-prefix';
  return 'text';
}

export function search(index: SearchIndex, q: string, limit: number): SearchResult {
  const kind = classifyQuery(q);
  const t = q.trim();
  if (kind === 'text') return textSearch(index, normalizedTokens(t), limit);

  const dept = kind === 'dept' ? asDept(t) : null;
  const places: { place: IndexedPlace; match: MatchKind }[] = [];
  for (const place of index.places) {
    if (kind === 'postcode' && place.cp === t) places.push({ place, match: 'exact' });
    else if (dept && place.dept === dept) places.push({ place, match: 'exact' });
    else if (kind !== 'postcode' && place.cp.startsWith(t)) places.push({ place, match: 'prefix' });
  }
  const ranked = rankPlaces(places);
  // Stations of the best places, in the same order.
  const stations: StationResult[] = [];
  for (const { place, match } of ranked) {
    for (const i of place.members) {
      if (stations.length >= limit) break;
      stations.push(stationResult(index.stations[i] as SearchableStation, match));
    }
    if (stations.length >= limit) break;
  }
  return { kind, places: ranked.slice(0, limit).map(placeResult), stations };
}

function textSearch(index: SearchIndex, tokens: string[], limit: number): SearchResult {
  if (tokens.length === 0) return { kind: 'text', places: [], stations: [] };
  const key = tokens.join(' ');
  const places: { place: IndexedPlace; match: MatchKind }[] = [];
  for (const place of index.places) {
    const match = matchPlace(place, key, tokens);
    if (match) places.push({ place, match });
  }

  // Stations: every query word must match one of the station's words; the weakest match counts.
  let best: Map<number, number> | null = null;
  for (const token of tokens) {
    const hits = matchWord(index, token);
    if (best === null) best = hits;
    else {
      const next = new Map<number, number>();
      for (const [i, r] of best) {
        const h = hits.get(i);
        if (h !== undefined) next.set(i, Math.max(r, h));
      }
      best = next;
    }
    if (best.size === 0) break;
  }
  const kinds: MatchKind[] = ['exact', 'prefix', 'contains'];
  const stations = [...(best ?? new Map<number, number>())]
    .map(([i, r]) => ({ s: index.stations[i] as SearchableStation, r }))
    .sort((a, b) => a.r - b.r || a.s.town.localeCompare(b.s.town) || a.s.address.localeCompare(b.s.address))
    .slice(0, limit)
    .map(({ s, r }) => stationResult(s, kinds[r] as MatchKind));
  return { kind: 'text', places: rankPlaces(places).slice(0, limit).map(placeResult), stations };
}

function matchPlace(place: IndexedPlace, key: string, tokens: string[]): MatchKind | null {
  if (place.key === key) return 'exact';
  if (place.key.startsWith(key)) return 'prefix';
  if (key.length >= MIN_CONTAINS && place.key.includes(key)) return 'contains';
  // "lyon 69003", "etienne st": every word found among the town's words or its postcode.
  const words = [...place.tokens, place.cp];
  if (tokens.length > 1 && tokens.every((t) => words.some((w) => w.startsWith(t)))) return 'contains';
  return null;
}

/** Station index → best match rank (0 exact, 1 prefix, 2 contains) of one query word. */
function matchWord(index: SearchIndex, token: string): Map<number, number> {
  const hits = new Map<number, number>();
  const add = (word: string, rank: number) => {
    for (const i of index.postings.get(word) ?? []) {
      const r = hits.get(i);
      if (r === undefined || rank < r) hits.set(i, rank);
    }
  };
  const words = index.words;
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((words[mid] as string) < token) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < words.length && (words[k] as string).startsWith(token); k++) {
    add(words[k] as string, words[k] === token ? 0 : 1);
  }
  if (token.length >= MIN_CONTAINS) {
    for (const word of words)
      if (word.length > token.length && !word.startsWith(token) && word.includes(token)) add(word, 2);
  }
  return hits;
}

function rankPlaces(list: { place: IndexedPlace; match: MatchKind }[]) {
  return list.sort(
    (a, b) =>
      RANK[a.match] - RANK[b.match] ||
      b.place.stations - a.place.stations ||
      a.place.town.localeCompare(b.place.town) ||
      a.place.cp.localeCompare(b.place.cp),
  );
}

function placeResult({ place, match }: { place: IndexedPlace; match: MatchKind }): PlaceResult {
  const { town, cp, dept, lat, lon, stations } = place;
  return { town, cp, dept, lat, lon, stations, match };
}

function stationResult(s: SearchableStation, match: MatchKind): StationResult {
  return {
    id: s.id,
    town: s.town,
    cp: s.cp,
    dept: s.dept,
    address: s.address,
    lat: s.lat,
    lon: s.lon,
    match,
  };
}
