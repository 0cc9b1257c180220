import { gunzipSync } from 'node:zlib';
import KDBush from 'kdbush';
import type { FlagExamples } from '../admin/health.ts';
import type { BrandCount } from '../domain/brands.ts';
import type { FuelCode } from '../domain/fuels.ts';
import type { PriceRank } from '../domain/ranking.ts';
import { type SearchIndex, type SearchIndexJson, searchIndexFromJson } from '../domain/search-index.ts';
import type { FeedVersion } from '../domain/snapshot.ts';
import type { Station } from '../domain/station.ts';
import type { FuelStats } from '../domain/stats.ts';
import { type PartsLayout, partKeys, type ShardJson } from './parts.ts';

/**
 * The parts of one published run as the API reads them (parts.ts): each route's function loads its own view
 * when the pointer names a new run (the store, store.ts), and the stations it needs shard by shard, once each.
 */
export interface PublishedRun {
  version: FeedVersion;
  layout: PartsLayout;
  /** The bytes of one of the run's objects (gzip or not). */
  read(key: string): Promise<Uint8Array>;
}

export interface View {
  readonly version: FeedVersion;
}

/** gzip magic: an HTTP layer that honoured Content-Encoding: gzip may already have inflated it. */
export function inflate(bytes: Uint8Array): Buffer {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
}

async function readJson<T>(run: PublishedRun, key: string): Promise<T> {
  return JSON.parse(inflate(await run.read(key)).toString('utf8')) as T;
}

export interface StatsView extends View {
  /** Paris date of the reference time (the feed time). */
  readonly day: string;
  readonly stats: readonly FuelStats[];
  /** The same figures over one brand's stations, by folded brand (names.ts `foldName`). */
  readonly byBrand: Readonly<Record<string, readonly FuelStats[]>>;
}

export async function loadStatsView(run: PublishedRun): Promise<StatsView> {
  const { day, stats, byBrand } = await readJson<{
    day: string;
    stats: FuelStats[];
    byBrand?: Record<string, FuelStats[]>;
  }>(run, partKeys(run.version.runId).stats);
  // A run published before brands existed has none: every brand then has no current figures.
  return { version: run.version, day, stats, byBrand: byBrand ?? {} };
}

export interface BrandsView extends View {
  readonly brands: readonly BrandCount[];
}

export async function loadBrandsView(run: PublishedRun): Promise<BrandsView> {
  try {
    const { brands } = await readJson<{ brands: BrandCount[] }>(run, partKeys(run.version.runId).brands);
    return { version: run.version, brands };
  } catch (error) {
    // Published before the part existed (until the next ingest after the deployment): no brand yet.
    if ((error as { name?: string }).name === 'NoSuchKey') return { version: run.version, brands: [] };
    throw error;
  }
}

export interface FlagsView extends View {
  readonly byFlag: FlagExamples;
}

export async function loadFlagsView(run: PublishedRun): Promise<FlagsView> {
  const { byFlag } = await readJson<{ byFlag: FlagExamples }>(run, partKeys(run.version.runId).flags);
  return { version: run.version, byFlag };
}

export interface SearchView extends View {
  readonly search: SearchIndex;
}

export async function loadSearchView(run: PublishedRun): Promise<SearchView> {
  const json = await readJson<SearchIndexJson>(run, partKeys(run.version.runId).search);
  return { version: run.version, search: searchIndexFromJson(json) };
}

/** A shard as loaded: its stations and a rank lookup. */
interface Shard {
  stations: Station[];
  rank(stationId: string, fuel: FuelCode): PriceRank | null;
}

/** Loads shards on demand, each once per run (a failed read is forgotten, so the next request retries it). */
function shardLoader(run: PublishedRun): (n: number) => Promise<Shard> {
  const loaded = new Map<number, Promise<Shard>>();
  const keys = partKeys(run.version.runId);
  return (n) => {
    let shard = loaded.get(n);
    if (!shard) {
      shard = readJson<ShardJson>(run, keys.shard(n)).then(({ stations, ranks }) => ({
        stations,
        rank: (id, fuel) => {
          const r = Object.hasOwn(ranks, `${id}#${fuel}`) ? ranks[`${id}#${fuel}`] : undefined;
          return r ? { national: { rank: r[0], of: r[1] }, dept: { rank: r[2], of: r[3] } } : null;
        },
      }));
      shard.catch(() => loaded.delete(n));
      loaded.set(n, shard);
    }
    return shard;
  };
}

/** For the around-me and demo routes: the kd-tree, and the stations of its items once `load` fetched them. */
export interface GeoView extends View {
  readonly geo: KDBush;
  /** Item i of the tree → its station, once loaded (undefined before, and for a tree with no station). */
  readonly geoStations: readonly (Station | undefined)[];
  /** Fetches the shards holding these tree items (only those not loaded yet). */
  load(items: Iterable<number>): Promise<void>;
}

export async function loadGeoView(run: PublishedRun): Promise<GeoView> {
  const bytes = await run.read(partKeys(run.version.runId).geo);
  // KDBush.from wants an ArrayBuffer that starts with its header: copy the (small, ~180 kB) bytes once.
  const geo = KDBush.from(new Uint8Array(bytes).buffer);
  const { shardSize, located } = run.layout;
  const geoStations: (Station | undefined)[] = new Array(located);
  const shard = shardLoader(run);
  const filled = new Set<number>();
  return {
    version: run.version,
    geo,
    geoStations,
    async load(items) {
      const wanted = new Set<number>();
      for (const i of items)
        if (i < located && !filled.has(Math.floor(i / shardSize))) wanted.add(Math.floor(i / shardSize));
      await Promise.all(
        [...wanted].map(async (n) => {
          const { stations } = await shard(n);
          for (let k = 0; k < stations.length && n * shardSize + k < located; k++)
            geoStations[n * shardSize + k] = stations[k];
          filled.add(n);
        }),
      );
    },
  };
}

/** For the station and history routes: one station by id, with its price ranks. */
export interface StationsView extends View {
  find(
    id: string,
  ): Promise<{ station: Station; rank: (stationId: string, fuel: FuelCode) => PriceRank | null } | null>;
}

export async function loadStationsView(run: PublishedRun): Promise<StationsView> {
  const ids = await readJson<string[]>(run, partKeys(run.version.runId).ids);
  const position = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) position.set(ids[i] as string, i);
  const shard = shardLoader(run);
  const { shardSize } = run.layout;
  return {
    version: run.version,
    async find(id) {
      const i = position.get(id);
      if (i === undefined) return null;
      const { stations, rank } = await shard(Math.floor(i / shardSize));
      const station = stations[i % shardSize];
      return station ? { station, rank } : null;
    },
  };
}
