import { gzipSync } from 'node:zlib';
import KDBush from 'kdbush';
import { flagExamples } from '../admin/health.ts';
import { brandCounts, groupByBrand } from '../domain/brands.ts';
import { buildPriceRanks } from '../domain/ranking.ts';
import { buildSearchIndex, type Commune, searchIndexToJson } from '../domain/search-index.ts';
import type { FeedVersion } from '../domain/snapshot.ts';
import type { Station } from '../domain/station.ts';
import type { FuelStats } from '../domain/stats.ts';
import { parisDay } from '../domain/time.ts';
import { currentStats, referenceTime } from './indexed.ts';

/**
 * The snapshot's pre-built parts: what each API route needs, computed once by the ingest and published next to
 * the full snapshot under `snapshot/<runId>/` (docs/INGEST.md, "Publish"), so that a function loads only its
 * route's part after each ingest instead of parsing and indexing the whole snapshot (`npm run bench:cold`).
 *
 * Stations are ordered once: the located ones grouped by place (an equal-size k-d partition: each group of
 * `shardSize` consecutive stations covers a compact area), then those without coordinates in feed order. Shard
 * n holds the stations n·shardSize … (n+1)·shardSize − 1 of that order; the kd-tree item i is station i.
 *
 * - `stats.json.gz`   `{ day, stats, byBrand }`: the current figures (as `IndexedSnapshot.stats`), and the same
 *   over each brand's stations keyed by folded brand (issue 16), for GET /api/stats (`?brand=`).
 * - `brands.json.gz`  `{ brands }`: every brand with its station count (domain/brands.ts), for GET /api/brands.
 * - `flags.json.gz`   `{ byFlag }`: example station ids per feed flag, for the admin health page.
 * - `search.json`     the search index (`SearchIndexJson`, not compressed), for GET /api/search.
 * - `geo.bin`         the kdbush tree over the located stations (its own binary format, read zero-copy).
 * - `ids.json.gz`     every station id in that order, for GET /api/stations/{id} (and its history).
 * - `shard-<n>.json.gz` `{ stations, ranks }`: the stations (canonical JSON, as in the full snapshot) and the
 *   national and département rank of each comparable price, `"<id>#<fuel>": [rank, of, deptRank, deptOf]`.
 */
export interface PartsLayout {
  /** Stations per shard (the last one may hold fewer). */
  shardSize: number;
  shards: number;
  /** How many stations (the first in shard order) have coordinates: the kd-tree's items. */
  located: number;
}

/**
 * ~400 stations a shard (~380 kB of JSON, ~5 ms to parse): one more S3 GET costs about as much CPU as parsing
 * a few hundred stations (bench:cold), so few, larger shards. Central Paris at 50 km needs 3–4; 5 km one or two.
 */
const SHARD_SIZE = 400;

export function partKeys(runId: string) {
  const dir = `snapshot/${runId}/`;
  return {
    stats: `${dir}stats.json.gz`,
    brands: `${dir}brands.json.gz`,
    flags: `${dir}flags.json.gz`,
    search: `${dir}search.json`,
    geo: `${dir}geo.bin`,
    ids: `${dir}ids.json.gz`,
    shard: (n: number) => `${dir}shard-${n}.json.gz`,
  };
}

/** Every key of a run's parts (to delete them with the run's other objects: nothing is ever listed). */
export function allPartKeys(runId: string, layout: Pick<PartsLayout, 'shards'>): string[] {
  const k = partKeys(runId);
  return [
    k.stats,
    k.brands,
    k.flags,
    k.search,
    k.geo,
    k.ids,
    ...Array.from({ length: layout.shards }, (_, n) => k.shard(n)),
  ];
}

export interface BuiltPart {
  key: string;
  body: Uint8Array;
  /** Gzip JSON (Content-Encoding gzip, as the snapshot); otherwise JSON text, or bytes for the kd-tree. */
  gzip: boolean;
}

/** [national rank, of, département rank, of] */
export type RankTuple = [number, number, number, number];

export interface ShardJson {
  stations: Station[];
  ranks: Record<string, RankTuple>;
}

/** True for the stations the kd-tree holds (the same test as `indexSnapshot`). */
function isLocated(s: Pick<Station, 'lat' | 'lon'>): s is { lat: number; lon: number } {
  return s.lat !== null && s.lon !== null && Number.isFinite(s.lat) && Number.isFinite(s.lon);
}

/**
 * Builds every part of a snapshot (pure; ~0.6 s of CPU for 10k stations, at ingest time). `json[i]`, when
 * given, is the canonical JSON of `stations[i]` (the ingest has it already: no re-serialisation).
 * `communes` (issue 17: the ingest passes shared/places/communes.ts's) become places of the search part; a
 * caller of the API's own (store.ts, runs published before parts) passes none, so the HTTP functions never
 * bundle the 8 MB commune list.
 */
export function buildParts(
  version: FeedVersion,
  stations: readonly Station[],
  json?: readonly string[],
  communes: readonly Commune[] = [],
): { layout: PartsLayout; parts: BuiltPart[] } {
  const keys = partKeys(version.runId);
  const referenceMs = referenceTime(version);
  const order = shardOrder(stations);
  const located = order.filter((i) => isLocated(stations[i] as Station)).length;
  const shards = Math.ceil(order.length / SHARD_SIZE);
  const layout: PartsLayout = { shardSize: SHARD_SIZE, shards, located };

  const geo = new KDBush(Math.max(1, located));
  for (let k = 0; k < located; k++) {
    const s = stations[order[k] as number] as Station;
    geo.add(s.lon as number, s.lat as number);
  }
  if (located === 0) geo.add(0, 0); // kdbush needs one item; item 0 is then no station (`located` says so)
  geo.finish();

  const ranks = buildPriceRanks(stations, referenceMs);
  const jsonPart = (key: string, text: string): BuiltPart => ({ key, body: gzipSync(text), gzip: true });
  const brands = groupByBrand(stations);
  const byBrand: Record<string, FuelStats[]> = {};
  for (const [key, g] of brands) byBrand[key] = currentStats(g.members, referenceMs);
  const parts: BuiltPart[] = [
    jsonPart(
      keys.stats,
      JSON.stringify({ day: parisDay(referenceMs), stats: currentStats(stations, referenceMs), byBrand }),
    ),
    jsonPart(keys.brands, JSON.stringify({ brands: brandCounts(brands) })),
    jsonPart(keys.flags, JSON.stringify({ byFlag: flagExamples(stations) })),
    // Not compressed: 1.7 MB that gzip only halves (numbers), and inflating it was a third of its load.
    {
      key: keys.search,
      body: Buffer.from(JSON.stringify(searchIndexToJson(buildSearchIndex(stations, communes)))),
      gzip: false,
    },
    { key: keys.geo, body: new Uint8Array(geo.data), gzip: false },
    jsonPart(keys.ids, JSON.stringify(order.map((i) => (stations[i] as Station).id))),
  ];
  for (let n = 0; n < shards; n++) {
    const members = order.slice(n * SHARD_SIZE, (n + 1) * SHARD_SIZE);
    const shardRanks: Record<string, RankTuple> = {};
    for (const i of members) {
      const s = stations[i] as Station;
      for (const p of s.prices) {
        const r = ranks.get(s.id, p.fuel);
        if (r) shardRanks[`${s.id}#${p.fuel}`] = [r.national.rank, r.national.of, r.dept.rank, r.dept.of];
      }
    }
    const body = members.map((i) => json?.[i] ?? JSON.stringify(stations[i])).join(',');
    parts.push(jsonPart(keys.shard(n), `{"stations":[${body}],"ranks":${JSON.stringify(shardRanks)}}`));
  }
  return { layout, parts };
}

/**
 * Station indexes in shard order: the located ones by an equal-size k-d partition (split the longer side of
 * the area at a multiple of SHARD_SIZE, recursively; ties by id, so the order is deterministic), then the
 * others in feed order. Written here because it is ~20 lines and kdbush keeps its own order private.
 */
function shardOrder(stations: readonly Station[]): number[] {
  const located: number[] = [];
  const others: number[] = [];
  stations.forEach((s, i) => {
    (isLocated(s) ? located : others).push(i);
  });
  const lat = (i: number) => (stations[i] as Station).lat as number;
  const lon = (i: number) => (stations[i] as Station).lon as number;
  const id = (i: number) => (stations[i] as Station).id;
  const out: number[] = [];
  const split = (items: number[]) => {
    if (items.length <= SHARD_SIZE) {
      out.push(...items);
      return;
    }
    let [minLat, maxLat, minLon, maxLon] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const i of items) {
      minLat = Math.min(minLat, lat(i));
      maxLat = Math.max(maxLat, lat(i));
      minLon = Math.min(minLon, lon(i));
      maxLon = Math.max(maxLon, lon(i));
    }
    const cosLat = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const by = (maxLon - minLon) * cosLat > maxLat - minLat ? lon : lat;
    items.sort((a, b) => by(a) - by(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : a - b));
    const cut = Math.ceil(Math.ceil(items.length / SHARD_SIZE) / 2) * SHARD_SIZE;
    split(items.slice(0, cut));
    split(items.slice(cut));
  };
  split(located);
  return [...out, ...others];
}
