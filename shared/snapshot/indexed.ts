import KDBush from 'kdbush';
import { findFuel } from '../domain/fuels.ts';
import { buildPriceRanks, type PriceRanks } from '../domain/ranking.ts';
import { buildSearchIndex, type SearchIndex } from '../domain/search-index.ts';
import type { FeedVersion, Snapshot } from '../domain/snapshot.ts';
import type { Station } from '../domain/station.ts';
import { computeStats, type FuelStats, NATIONAL } from '../domain/stats.ts';
import { parisDay } from '../domain/time.ts';

/**
 * A whole snapshot, indexed in memory: every index over all ~10k stations (spatial, search, price ranks,
 * current stats), built in one go (~0.5 s of CPU). The API no longer does this on a load: it reads the parts
 * the ingest pre-built (parts.ts). This is the reference those parts are checked against (test/unit/snapshot/
 * parity.test.ts) and the baseline `npm run bench:cold` measures.
 */
export interface IndexedSnapshot {
  readonly version: FeedVersion;
  readonly stations: readonly Station[];
  readonly byId: ReadonlyMap<string, Station>;
  /** kdbush over the stations with coordinates; `geoStations[i]` is the station of index item i. */
  readonly geo: KDBush;
  readonly geoStations: readonly Station[];
  readonly search: SearchIndex;
  readonly ranks: PriceRanks;
  /**
   * Current per-(département, fuel) and national ('FR') figures, as the ingest computes them daily: national
   * rows first, then by département, each in fuel id order.
   */
  readonly stats: readonly FuelStats[];
  /** The instant ranks and stats are relative to: the feed time (newest price), else the publish time. */
  readonly referenceMs: number;
  /** Paris date of `referenceMs`. */
  readonly day: string;
}

export function indexSnapshot(snapshot: Snapshot): IndexedSnapshot {
  const { version, stations } = snapshot;
  const byId = new Map<string, Station>();
  const geoStations: Station[] = [];
  for (const s of stations) {
    byId.set(s.id, s);
    if (s.lat !== null && s.lon !== null && Number.isFinite(s.lat) && Number.isFinite(s.lon))
      geoStations.push(s);
  }
  const geo = new KDBush(Math.max(1, geoStations.length));
  for (const s of geoStations) geo.add(s.lon as number, s.lat as number);
  if (geoStations.length === 0) geo.add(0, 0); // kdbush needs one item; `geoStations[0]` is then undefined
  geo.finish();

  const referenceMs = referenceTime(version);
  return {
    version,
    stations,
    byId,
    geo,
    geoStations,
    search: buildSearchIndex(stations),
    ranks: buildPriceRanks(stations, referenceMs),
    stats: currentStats(stations, referenceMs),
    referenceMs,
    day: parisDay(referenceMs),
  };
}

/** The instant ranks and stats are relative to: the feed time (newest price), else the publish time. */
export function referenceTime(version: FeedVersion): number {
  return Date.parse(version.feedTime ?? version.publishedAt);
}

/** The current figures `IndexedSnapshot.stats` describes, from every station's prices. */
export function currentStats(stations: readonly Station[], referenceMs: number): FuelStats[] {
  const samples = stations.flatMap((s) =>
    s.prices.map((p) => ({
      dept: s.dept,
      fuel: p.fuel,
      price: p.price,
      at: Date.parse(p.updatedAt),
      outlier: p.outlier,
    })),
  );
  return computeStats(samples, referenceMs).sort(
    (a, b) =>
      Number(b.dept === NATIONAL) - Number(a.dept === NATIONAL) ||
      a.dept.localeCompare(b.dept) ||
      fuelOrder(a.fuel) - fuelOrder(b.fuel),
  );
}

function fuelOrder(code: string): number {
  return findFuel(code)?.id ?? 99;
}
