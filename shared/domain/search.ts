/**
 * Search over towns, postcodes, départements, addresses and station names and brands (pure), on the index of search-index.ts: a query
 * costs a scan of the ~6k places and a few posting-list reads for the stations. Results are ranked
 * exact > prefix > contains, then by how many stations a place has.
 */
import { stationTitle } from './names.ts';
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

const RANK: Record<MatchKind, number> = { exact: 0, prefix: 1, contains: 2 };
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
  return { kind: 'text', places: rankPlaces(places).slice(0, limit).map(placeResult), stations };
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
