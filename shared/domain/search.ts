/**
 * Search over communes, arrondissements, towns, postcodes, départements, addresses and station names and
 * brands (pure), on the index of search-index.ts: a query costs a scan of the ~41k places (communes and
 * towns) and a few posting-list reads for the stations. Places are ranked exact > prefix > contains > fuzzy
 * (a typo), then a city's arrondissements right after the city, then by stations and population.
 */
import { stationTitle } from './names.ts';
import { allowedEdits, arrondissementQuery, editDistance } from './place-query.ts';
import {
  type IndexedPlace,
  type MatchKind,
  normalizedTokens,
  type PlaceResult,
  type QueryKind,
  type SearchableStation,
  type SearchIndex,
  type SearchResult,
  type StationResult,
} from './search-index.ts';

const RANK: Record<MatchKind, number> = { exact: 0, prefix: 1, contains: 2, fuzzy: 3 };
/** Substring ("contains") matching of words shorter than this is noise (every address contains "RU"). */
const MIN_CONTAINS = 3;

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
    if (kind === 'postcode' && place.postcodes.includes(t)) places.push({ place, match: 'exact' });
    else if (dept && place.dept === dept) places.push({ place, match: 'exact' });
    else if (kind !== 'postcode' && place.postcodes.some((cp) => cp.startsWith(t)))
      places.push({ place, match: 'prefix' });
  }
  // "75015": the arrondissement before Paris as a whole, a village's own postcode before a city's many.
  const ranked = rankPlaces(places, null, (p) => p.postcodes.length);
  return { kind, places: ranked.slice(0, limit).map(placeResult), stations: membersOf(index, ranked, limit) };
}

/** The stations of the best places, in the same order, each once. */
function membersOf(
  index: SearchIndex,
  ranked: readonly { place: IndexedPlace; match: MatchKind }[],
  limit: number,
): StationResult[] {
  const stations: StationResult[] = [];
  const seen = new Set<number>();
  for (const { place, match } of ranked) {
    for (const i of place.members) {
      if (stations.length >= limit) return stations;
      if (seen.has(i)) continue;
      seen.add(i);
      stations.push(stationResult(index.stations[i] as SearchableStation, match));
    }
  }
  return stations;
}

function textSearch(index: SearchIndex, tokens: string[], limit: number): SearchResult {
  if (tokens.length === 0) return { kind: 'text', places: [], stations: [] };
  const key = tokens.join(' ');
  const arr = arrondissementQuery(tokens);
  if (arr) {
    // "Paris 15e", "Paris XV", "Lyon 3ème": that arrondissement and its stations, never a "15 rue …".
    const found = index.places
      .filter((p) => p.arr === arr.n && p.cityKey === arr.city)
      .map((place) => ({ place, match: 'exact' as MatchKind }));
    if (found.length)
      return { kind: 'text', places: found.map(placeResult), stations: membersOf(index, found, limit) };
  }
  const places: { place: IndexedPlace; match: MatchKind }[] = [];
  for (const place of index.places) {
    const match = matchPlace(place, key, tokens);
    if (match) places.push({ place, match });
  }
  if (!places.some((p) => p.match === 'exact' || p.match === 'prefix')) places.push(...typos(index, key));

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
  // A query naming a brand ("Leclerc Brive") means that brand's stations before the ones on "Avenue du
  // Général Leclerc": stations whose name or brand took more of the query words come first.
  const stations = [...(best ?? new Map<number, number>())]
    .map(([i, r]) => {
      const s = index.stations[i] as SearchableStation;
      return { s, r, named: namedHits(s, tokens) };
    })
    .sort(
      (a, b) =>
        b.named - a.named ||
        a.r - b.r ||
        a.s.town.localeCompare(b.s.town) ||
        a.s.address.localeCompare(b.s.address),
    )
    .slice(0, limit)
    .map(({ s, r }) => stationResult(s, kinds[r] as MatchKind));
  return { kind: 'text', places: rankPlaces(places, key).slice(0, limit).map(placeResult), stations };
}

/** Places one or two typos away from the query, as a whole name or as the start of one ("Bordau"). */
function typos(index: SearchIndex, key: string): { place: IndexedPlace; match: MatchKind }[] {
  const max = allowedEdits(key);
  if (max === 0) return [];
  const found: { place: IndexedPlace; match: MatchKind; d: number }[] = [];
  for (const place of index.places) {
    // A typo seldom hits the first letter: checking it first spares most of the ~41k distances.
    if (place.key.charCodeAt(0) !== key.charCodeAt(0)) continue;
    let d = editDistance(key, place.key, max);
    if (d > max && place.key.length > key.length)
      d = editDistance(key, place.key.slice(0, key.length), max) + 0.5; // a start: after whole names
    if (d <= max) found.push({ place, match: 'fuzzy', d });
  }
  // The fewest edits first; rankPlaces keeps that order among equals (a stable sort).
  return found.sort((a, b) => a.d - b.d).filter((f, _, all) => f.d === (all[0] as { d: number }).d);
}

/** How many query words start one of the station's name or brand words. */
function namedHits(s: SearchableStation, tokens: readonly string[]): number {
  if (!s.name && !s.brand) return 0;
  const words = [...normalizedTokens(s.name ?? ''), ...normalizedTokens(s.brand ?? '')];
  return tokens.filter((t) => words.some((w) => w.startsWith(t))).length;
}

function matchPlace(place: IndexedPlace, key: string, tokens: string[]): MatchKind | null {
  if (place.key === key) return 'exact';
  if (place.key.startsWith(key)) return 'prefix';
  if (key.length >= MIN_CONTAINS && place.key.includes(key)) return 'contains';
  // "lyon 69003", "etienne st": every word found among the town's words or its postcodes.
  // No array built per place: this runs over every commune.
  const starts = (t: string) => (w: string) => w.startsWith(t);
  if (
    tokens.length > 1 &&
    tokens.every((t) => place.tokens.some(starts(t)) || place.postcodes.some(starts(t)))
  )
    return 'contains';
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

/**
 * Best first: by match; for a prefix, a city's arrondissements ("Lyon" → Lyon 1er…9e), then whole words
 * ("Lyon 3e" before "Lyons-la-Forêt"); then `first` (a postcode query's specificity), stations, population.
 */
function rankPlaces(
  list: { place: IndexedPlace; match: MatchKind }[],
  key: string | null,
  first: (p: IndexedPlace) => number = () => 0,
) {
  const word = (p: IndexedPlace) =>
    key === null
      ? 0
      : p.cityKey === key
        ? 0
        : p.key.length === key.length || p.key[key.length] === ' '
          ? 1
          : 2;
  const ranked = list.sort(
    (a, b) =>
      RANK[a.match] - RANK[b.match] ||
      word(a.place) - word(b.place) ||
      first(a.place) - first(b.place) ||
      b.place.stations - a.place.stations ||
      b.place.population - a.place.population ||
      a.place.town.localeCompare(b.place.town) ||
      a.place.cp.localeCompare(b.place.cp),
  );
  // One suggestion per label: the index has one place per commune, but towns the stations spell apart
  // ("CLERMONT FD") may read like one.
  const seen = new Set<string>();
  return ranked.filter(({ place }) => {
    const label = placeLabel(place);
    if (seen.has(label)) return false;
    seen.add(label);
    return true;
  });
}

/** "Paris 15e (75015)", "Lyon (69)" (a commune with several postcodes), "Brive-la-Gaillarde (19100)". */
function placeLabel(place: Pick<IndexedPlace, 'town' | 'cp' | 'postcodes' | 'dept'>): string {
  return `${place.town} (${place.postcodes.length > 1 ? place.dept : place.cp})`;
}

function placeResult({ place, match }: { place: IndexedPlace; match: MatchKind }): PlaceResult {
  const { kind, town, cp, postcodes, code, dept, lat, lon, centre, stations } = place;
  return {
    kind,
    town,
    label: placeLabel(place),
    cp,
    postcodes,
    code,
    dept,
    lat,
    lon,
    centre,
    stations,
    match,
  };
}

function stationResult(s: SearchableStation, match: MatchKind): StationResult {
  return {
    kind: 'station',
    id: s.id,
    title: stationTitle(s),
    name: s.name ?? null,
    brand: s.brand ?? null,
    town: s.town,
    cp: s.cp,
    dept: s.dept,
    address: s.address,
    lat: s.lat,
    lon: s.lon,
    match,
  };
}

/** A place the geocoder found (shared/places/geocoder.ts), before it joins a search's answer. */
export interface GeocodedPlace {
  kind: 'commune' | 'address' | 'landmark';
  label: string;
  town: string;
  cp: string;
  code: string | null;
  lat: number;
  lon: number;
}

/**
 * The geocoder's answer joined to the snapshot's: its communes only place ours better (a commune the
 * stations can place only roughly gets its true centre) or add one we lack; its addresses and landmarks
 * come after our exact and prefix places, before the weaker ones. Each label once, at most `limit`.
 */
export function withGeocoded(
  result: SearchResult,
  found: readonly GeocodedPlace[],
  limit: number,
): SearchResult {
  const strong = result.places.filter((p) => p.match === 'exact' || p.match === 'prefix');
  const weak = result.places.filter((p) => p.match !== 'exact' && p.match !== 'prefix');
  const added: PlaceResult[] = [];
  for (const g of found) {
    const ours = g.code ? result.places.find((p) => p.code === g.code) : undefined;
    if (g.kind === 'commune' && ours) {
      if (ours.centre !== 'stations') Object.assign(ours, { lat: g.lat, lon: g.lon, centre: 'geocoder' });
      continue;
    }
    added.push({
      kind: g.kind,
      town: g.town,
      label: g.label,
      cp: g.cp,
      postcodes: g.cp ? [g.cp] : [],
      code: g.code,
      dept: deptOf(g.cp),
      lat: g.lat,
      lon: g.lon,
      centre: 'geocoder',
      stations: 0,
      match: 'contains',
    });
  }
  const seen = new Set<string>();
  const places = [...strong, ...added, ...weak].filter((p) => {
    if (seen.has(p.label)) return false;
    seen.add(p.label);
    return true;
  });
  return { ...result, places: places.slice(0, limit) };
}

/** The département of a postcode: '75', '2A'/'2B' in Corsica, '971'… overseas; '' when unknown. */
function deptOf(cp: string): string {
  if (!/^\d{5}$/.test(cp)) return '';
  if (cp.startsWith('20')) return cp < '20200' ? '2A' : '2B';
  return cp.startsWith('97') ? cp.slice(0, 3) : cp.slice(0, 2);
}
