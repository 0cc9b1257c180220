import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { flagExamples } from '#shared/admin/health.ts';
import { DEMO, nearestStations } from '#shared/domain/demo.ts';
import { FUEL_CODES, type FuelCode } from '#shared/domain/fuels.ts';
import { search } from '#shared/domain/search.ts';
import type { Snapshot } from '#shared/domain/snapshot.ts';
import type { Station } from '#shared/domain/station.ts';
import { parisClock } from '#shared/domain/time.ts';
import { type IndexedSnapshot, indexSnapshot } from '#shared/snapshot/indexed.ts';
import { findNearby, type NearbyQuery, nearbyItems, nearestLoaded } from '#shared/snapshot/nearby.ts';
import { buildParts } from '#shared/snapshot/parts.ts';
import { toCurrentStats, toNearbyStation, toStationDetail } from '#shared/snapshot/present.ts';
import { createSnapshotStore, type SnapshotSource } from '#shared/snapshot/store.ts';
import {
  type GeoView,
  loadFlagsView,
  loadGeoView,
  loadSearchView,
  loadStationsView,
  loadStatsView,
  type PublishedRun,
  type SearchView,
  type StationsView,
  type StatsView,
  type View,
} from '#shared/snapshot/views.ts';
import { feedBytes, NATIONAL_2025, RUPTURES_2026, readAll } from '../../helpers/feed.ts';

// Each snapshot route's domain answer, computed the old way (the whole snapshot, indexSnapshot) and the new way
// (the parts the ingest pre-builds, loaded through the store as the API functions do), on real national feeds,
// for many random requests: they must be identical.
const FEEDS = ['instantane_2019-05-10_bbohec-carber.zip', NATIONAL_2025, RUPTURES_2026];
const RUNS = Number(process.env.PARITY_RUNS ?? 200);

interface Case {
  stations: Station[];
  oracle: IndexedSnapshot;
  geo: GeoView;
  byId: StationsView;
  searchView: SearchView;
  stats: StatsView;
  flags: View & { byFlag: unknown };
  reads: string[];
}

/** The parts served as S3 would (the pointer carries the layout), through the API's store. */
async function viewsOf(snapshot: Snapshot, reads: string[]) {
  const { layout, parts } = buildParts(snapshot.version, snapshot.stations);
  const objects = new Map(parts.map((p) => [p.key, p.body]));
  const { version } = snapshot;
  const source: SnapshotSource = {
    pointer: async () => ({ ...version, snapshotKey: 'unused', stations: 0, prices: 0, parts: layout }),
    read: async (key) => {
      reads.push(key);
      const body = objects.get(key);
      if (!body) throw new Error(`NoSuchKey ${key}`);
      return body;
    },
  };
  const get = async <T extends View>(load: (run: PublishedRun) => Promise<T>) =>
    (await createSnapshotStore(source, load).get()) as T;
  return {
    geo: await get(loadGeoView),
    byId: await get(loadStationsView),
    searchView: await get(loadSearchView),
    stats: await get(loadStatsView),
    flags: await get(loadFlagsView),
  };
}

const cases = new Map<string, Case>();

beforeAll(async () => {
  for (const file of FEEDS) {
    const seen = new Set<string>();
    const stations: Station[] = [];
    // As the ingest keeps them: one per id, the first occurrence.
    for (const s of (await readAll(feedBytes(file))).stations) {
      if (!seen.has(s.id)) stations.push(s);
      seen.add(s.id);
    }
    const feedTime = stations
      .flatMap((s) => s.prices.map((p) => p.updatedAt))
      .reduce((a, b) => (Date.parse(a) > Date.parse(b) ? a : b));
    const snapshot: Snapshot = {
      version: { runId: `run-${file.slice(11, 21)}`, feedHash: 'h', feedTime, publishedAt: feedTime },
      stations,
    };
    // Through JSON, as the old store read it.
    const oracle = indexSnapshot(JSON.parse(JSON.stringify(snapshot)) as Snapshot);
    const reads: string[] = [];
    cases.set(file, { stations, oracle, reads, ...(await viewsOf(snapshot, reads)) });
  }
}, 120_000);

const fuel = fc.constantFrom<FuelCode | null>(null, ...FUEL_CODES);
/** A point: near a station of the feed, anywhere in mainland France, or anywhere on Earth. */
const point = (stations: readonly Station[]) => {
  const located = stations.filter((s) => s.lat !== null && s.lon !== null);
  return fc.oneof(
    fc
      .record({
        i: fc.nat(located.length - 1),
        dLat: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        dLon: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
      })
      .map(({ i, dLat, dLon }) => ({
        lat: (located[i]?.lat as number) + dLat,
        lon: (located[i]?.lon as number) + dLon,
      })),
    fc.record({
      lat: fc.double({ min: 41, max: 51.5, noNaN: true }),
      lon: fc.double({ min: -5.5, max: 10, noNaN: true }),
    }),
    fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    }),
  );
};
/** A request instant: around the feed time, up to two weeks later (ages, open now, stale flags). */
const instant = (c: Case) => {
  const at = Date.parse(c.oracle.version.feedTime as string);
  return fc
    .integer({ min: at - 86_400_000, max: at + 14 * 86_400_000 })
    .map((ms) => Math.floor(ms / 60_000) * 60_000);
};

describe.each(FEEDS)('%s: the pre-built parts answer as the whole snapshot', { timeout: 120_000 }, (file) => {
  const c = () => cases.get(file) as Case;

  test('around me (GET /api/stations): every hit, in order, as the response shows it', async () => {
    const { oracle, geo, stations } = c();
    await fc.assert(
      fc.asyncProperty(
        point(stations),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fuel,
        fc.constantFrom('distance' as const, 'price' as const),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(null, 'R' as const, 'A' as const),
        instant(c()),
        async (p, radiusKm, f, sort, openNow, inStock, road, now) => {
          const q: NearbyQuery = { ...p, radiusKm, fuel: f, sort, openNow, inStock, road };
          const clock = parisClock(now);
          const before = findNearby(oracle, q, now, clock).map((h) => toNearbyStation(h, now, clock));
          const items = nearbyItems(geo.geo, q);
          await geo.load(items);
          const after = findNearby(geo, q, now, clock, items).map((h) => toNearbyStation(h, now, clock));
          expect(after).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('the demo dashboard: the same nearest stations, at the same distances', async () => {
    const { oracle, geo, stations } = c();
    await fc.assert(
      fc.asyncProperty(point(stations), fc.integer({ min: 1, max: 12 }), async ({ lat, lon }, n) => {
        expect(await nearestLoaded(geo, lat, lon, n, DEMO.maxKm)).toEqual(
          nearestStations(oracle.stations, lat, lon, n, DEMO.maxKm),
        );
      }),
      { numRuns: RUNS },
    );
  });

  test('a station and its history (GET /api/stations/{id}[/history]): same station, same ranks', async () => {
    const { oracle, byId, stations } = c();
    const id = fc.oneof(
      fc.nat(stations.length - 1).map((i) => (stations[i] as Station).id),
      fc.stringMatching(/^\d{7,8}$/),
    );
    await fc.assert(
      fc.asyncProperty(id, instant(c()), async (stationId, now) => {
        const clock = parisClock(now);
        const found = await byId.find(stationId);
        const station = oracle.byId.get(stationId);
        expect(found?.station ?? null).toEqual(station ?? null);
        if (station && found) {
          expect(toStationDetail(found.station, found, now, clock)).toEqual(
            toStationDetail(station, { rank: oracle.ranks.get }, now, clock),
          );
        }
      }),
      { numRuns: RUNS },
    );
    // And every station once, ranks included (the history route reads the same station).
    const found = await Promise.all(stations.map((s) => byId.find(s.id)));
    expect(found.map((f) => f?.station)).toEqual(stations.map((s) => oracle.byId.get(s.id)));
    const ranks = (rank: (i: number, id: string, fuel: FuelCode) => unknown) =>
      JSON.stringify(stations.flatMap((s, i) => s.prices.map((p) => rank(i, s.id, p.fuel))));
    expect(ranks((i, id, f) => found[i]?.rank(id, f))).toBe(ranks((_, id, f) => oracle.ranks.get(id, f)));
  });

  test('search (GET /api/search): towns, postcodes, départements, addresses, anything typed', async () => {
    const { oracle, searchView, stations } = c();
    const words = stations.flatMap((s) => [s.town, s.cp, s.dept, s.address]).filter(Boolean);
    const typed = fc.oneof(
      fc.constantFrom(...words),
      fc
        .record({ w: fc.constantFrom(...words), from: fc.nat(20), len: fc.integer({ min: 1, max: 12 }) })
        .map(({ w, from, len }) =>
          w.slice(from % Math.max(1, w.length), (from % Math.max(1, w.length)) + len),
        ),
      fc.string({ maxLength: 12 }),
      fc.stringMatching(/^\d{1,5}$/),
      fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([a, b]) => `${a} ${b}`),
    );
    await fc.assert(
      fc.property(typed, fc.integer({ min: 1, max: 50 }), (q, limit) => {
        expect(search(searchView.search, q, limit)).toEqual(search(oracle.search, q, limit));
      }),
      { numRuns: RUNS },
    );
  });

  test('stats (GET /api/stats) and the admin health examples: the same figures, the same day', () => {
    const { oracle, stats, flags, stations } = c();
    expect(stats.day).toBe(oracle.day);
    expect(stats.stats).toEqual(oracle.stats);
    const depts = [...new Set(stations.map((s) => s.dept))];
    fc.assert(
      fc.property(
        fc.subarray([...FUEL_CODES], { minLength: 1 }),
        fc.option(fc.constantFrom(...depts), { nil: undefined }),
        (fuels, dept) => {
          expect(toCurrentStats(stats.stats, fuels, dept)).toEqual(toCurrentStats(oracle.stats, fuels, dept));
        },
      ),
      { numRuns: RUNS },
    );
    expect(flags.byFlag).toEqual(flagExamples(oracle.stations));
  });

  test('versions agree, and no route read the whole snapshot', () => {
    const { oracle, geo, byId, searchView, stats, flags, reads } = c();
    for (const v of [geo, byId, searchView, stats, flags]) expect(v.version).toEqual(oracle.version);
    expect(reads.filter((k) => !k.startsWith(`snapshot/${oracle.version.runId}/`))).toEqual([]);
  });
});
