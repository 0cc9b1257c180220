// Over 300 lines on purpose: one benchmark that reads top to bottom as its method
// (handler alone, through the gateway, table).
/**
 * `npm run bench:api` — the public station API on a national feed (10,007 stations), on this machine.
 *
 * (a) The around-me handler alone, in process, 10,000 calls at random points in France (half uniform over
 *     mainland France, half near a random station), random fuel/sort: p50/p99 and DynamoDB requests per call
 *     (counted by a middleware on the handler's own client). In the same run, the baseline: a naive linear scan
 *     over all stations computing the haversine for each, then the same filter/sort/page.
 * (b) The whole local gateway (HTTP → API Gateway event → handler) under autocannon for 10 s with 4
 *     connections, mixing around-me, station and search requests: requests/s, p50/p99, errors.
 * Goals: (a) p99 ≤ 5 ms and ≤ 1 DynamoDB request per call once warm; (b) zero errors.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { distanceKm } from '#shared/domain/geo.ts';
import type { Station } from '#shared/domain/station.ts';
import { parisClock } from '#shared/domain/time.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { getSnapshot } from '#shared/ingest/snapshot.ts';
import { indexSnapshot } from '#shared/snapshot/indexed.ts';
import { findNearby, type NearbyHit, type NearbyQuery } from '#shared/snapshot/nearby.ts';
import { apiEvent, testContext } from '../test/helpers/api-event.ts';
import { quietIngestDeps, startApiProduct } from '../test/helpers/product.ts';

const FEED = resolve('../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip');
const CALLS = 10_000;
const GATEWAY_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats?: Record<string, { count: number }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: Record<string, unknown>,
) => Promise<AutocannonResult>;

// A seeded generator, so two runs measure the same points.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
const ms = (n: number) => `${n.toFixed(3)} ms`;

const log = (line: string) => console.log(line);
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${navigator.hardwareConcurrency} CPUs`;
const { product, stop } = await startApiProduct('bench-api');

try {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  let started = performance.now();
  const run = await runIngest(quietIngestDeps(product), { sources: [FEED], trigger: 'bench' });
  if (run.status !== 'succeeded') throw new Error(`ingest ${run.status}: ${JSON.stringify(run.error)}`);
  log(
    `ingest: ${run.stations} stations, ${run.prices} prices in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // ── (a) the handler alone ─────────────────────────────────────────────────────────────────────────────
  const { handler } = await import('#functions/http/get-stations.ts');
  const { table } = await import('#functions/http/lib/table.ts');
  let dynamoRequests = 0;
  table.client.middlewareStack.add(
    (next) => async (args) => {
      dynamoRequests++;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountRequests' },
  );

  started = performance.now();
  const coldRss = process.memoryUsage().rss;
  const first = await handler(
    apiEvent({ queryStringParameters: { lat: '48.85', lon: '2.35' } }),
    testContext(),
  );
  if (first.statusCode !== 200) throw new Error(`first call: ${first.statusCode} ${first.body}`);
  log(
    `cold: first call (pointer + S3 + kd-tree part + the shards in reach) ${ms(performance.now() - started)}, ` +
      `RSS +${((process.memoryUsage().rss - coldRss) / 1e6).toFixed(0)} MB`,
  );
  // The whole snapshot, indexed, for the in-process comparisons below (the handler loads only its parts).
  const deps = quietIngestDeps(product);
  const snap = indexSnapshot(await getSnapshot(deps.s3, deps.dataBucket, String(run.snapshotKey)));
  const located = snap.geoStations;

  const points = Array.from({ length: CALLS }, (_, i) => {
    if (i % 2 === 0) return { lat: 42.5 + random() * 8.5, lon: -4.5 + random() * 12.5 }; // mainland France box
    const s = pick(located);
    return {
      lat: (s.lat as number) + (random() - 0.5) * 0.1,
      lon: (s.lon as number) + (random() - 0.5) * 0.1,
    };
  });
  const fuels = [null, 'Gazole', 'E10', 'SP98'] as const;
  const queries: NearbyQuery[] = points.map((p) => {
    const fuel = pick(fuels);
    return {
      ...p,
      radiusKm: 5,
      fuel,
      sort: fuel && random() < 0.5 ? 'price' : 'distance',
      openNow: false,
      inStock: false,
      road: null,
    };
  });
  const events = queries.map((q) =>
    apiEvent({
      queryStringParameters: {
        lat: q.lat.toFixed(5),
        lon: q.lon.toFixed(5),
        ...(q.fuel ? { fuel: q.fuel } : {}),
        sort: q.sort,
      },
    }),
  );
  const context = testContext(60_000);

  // Warm up (JIT), then measure.
  for (let i = 0; i < 500; i++) await handler(events[i % events.length] as (typeof events)[number], context);
  dynamoRequests = 0;
  const handlerTimes: number[] = [];
  let found = 0;
  let errors = 0;
  for (const event of events) {
    const t = performance.now();
    const res = await handler(event, context);
    handlerTimes.push(performance.now() - t);
    if (res.statusCode !== 200) errors++;
    else found += Number(/"total":(\d+)/.exec(res.body)?.[1] ?? 0);
  }
  handlerTimes.sort((a, b) => a - b);

  const clock = parisClock(Date.now());
  const indexTimes: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    findNearby(snap, q, Date.now(), clock).slice(0, 20);
    indexTimes.push(performance.now() - t);
  }
  indexTimes.sort((a, b) => a - b);

  const naiveTimes: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    naiveNearby(snap.stations, q).slice(0, 20);
    naiveTimes.push(performance.now() - t);
  }
  naiveTimes.sort((a, b) => a - b);

  log('');
  log(`(${load()}: other processes on this machine widen the tails)`);
  log(
    `(a) around-me, ${CALLS} calls, random points in France, radius 5 km, ${(found / CALLS).toFixed(1)} stations per answer on average`,
  );
  log(
    `    handler in process (middy + zod + index + JSON): p50 ${ms(quantile(handlerTimes, 0.5))}  p99 ${ms(quantile(handlerTimes, 0.99))}  max ${ms(handlerTimes.at(-1) ?? 0)}  errors ${errors}`,
  );
  log(
    `    DynamoDB requests per call once warm: ${(dynamoRequests / CALLS).toFixed(4)} (${dynamoRequests} in ${CALLS} calls)`,
  );
  log(
    `    kd-tree range + haversine + filter + sort only: p50 ${ms(quantile(indexTimes, 0.5))}  p99 ${ms(quantile(indexTimes, 0.99))}`,
  );
  log(
    `    baseline, naive linear scan (haversine × ${snap.stations.length}): p50 ${ms(quantile(naiveTimes, 0.5))}  p99 ${ms(quantile(naiveTimes, 0.99))}`,
  );
  log(
    `    goal p99 ≤ 5 ms: ${quantile(handlerTimes, 0.99) <= 5 ? 'met' : 'NOT met'}; ≤ 1 DynamoDB request per call: ${dynamoRequests / CALLS <= 1 ? 'met' : 'NOT met'}`,
  );

  // The heaviest request there is: central Paris, the maximum radius, sorted by price (thousands of stations).
  const heavy = apiEvent({
    queryStringParameters: {
      lat: '48.8566',
      lon: '2.3522',
      radiusKm: '50',
      fuel: 'Gazole',
      sort: 'price',
      limit: '100',
    },
  });
  const heavyTimes: number[] = [];
  let heavyTotal = 0;
  for (let i = 0; i < 1_000; i++) {
    const t = performance.now();
    const res = await handler(heavy, context);
    heavyTimes.push(performance.now() - t);
    heavyTotal = Number(/"total":(\d+)/.exec(res.body)?.[1] ?? 0);
  }
  heavyTimes.sort((a, b) => a - b);
  const heavyQuery: NearbyQuery = {
    lat: 48.8566,
    lon: 2.3522,
    radiusKm: 50,
    fuel: 'Gazole',
    sort: 'price',
    openNow: false,
    inStock: false,
    road: null,
  };
  const heavyNaive: number[] = [];
  for (let i = 0; i < 1_000; i++) {
    const t = performance.now();
    naiveNearby(snap.stations, heavyQuery).slice(0, 100);
    heavyNaive.push(performance.now() - t);
  }
  heavyNaive.sort((a, b) => a - b);
  log(`    worst case, Paris, 50 km, by price, limit 100 (${heavyTotal} stations), 1,000 calls:`);
  log(
    `      handler p50 ${ms(quantile(heavyTimes, 0.5))}  p99 ${ms(quantile(heavyTimes, 0.99))};  naive scan p50 ${ms(quantile(heavyNaive, 0.5))}  p99 ${ms(quantile(heavyNaive, 0.99))}`,
  );

  // ── (b) the whole local gateway under load ───────────────────────────────────────────────────────────
  const ids = snap.stations.map((s) => s.id);
  const towns = [
    'paris',
    'lyon',
    'marseille',
    'nantes',
    '44200',
    'st etienne',
    '2A',
    'bordeaux',
    'rue de la republique',
    '75',
  ];
  const requests: { method: 'GET'; path: string }[] = [];
  for (let i = 0; i < 300; i++) {
    const kind = i % 3;
    if (kind === 0) {
      const p = pick(points);
      const fuel = pick(fuels);
      requests.push({
        method: 'GET',
        path: `/api/stations?lat=${p.lat.toFixed(4)}&lon=${p.lon.toFixed(4)}${fuel ? `&fuel=${fuel}&sort=price` : ''}`,
      });
    } else if (kind === 1) requests.push({ method: 'GET', path: `/api/stations/${pick(ids)}` });
    else requests.push({ method: 'GET', path: `/api/search?q=${encodeURIComponent(pick(towns))}` });
  }
  log('');
  log(
    `(b) local gateway ${product.url}, autocannon ${GATEWAY_SECONDS} s, 4 connections, 1/3 each around-me, station, search`,
  );
  const result = await autocannon({
    url: product.url,
    connections: 4,
    duration: GATEWAY_SECONDS,
    requests,
    workers: 1, // autocannon in its own thread: the gateway keeps this process's event loop
  });
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([code, s]) => `${code}×${s.count}`)
    .join(' ');
  log(
    `    ${result.requests.average.toFixed(0)} requests/s (${result.requests.total} in ${GATEWAY_SECONDS} s), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  log(
    `    errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; statuses ${statuses}`,
  );
  log(`    (${load()})`);
  log(
    `    goal zero errors: ${result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 ? 'met' : 'NOT met'}`,
  );
} finally {
  await stop();
}

/** The baseline: no index, a haversine per station, then the same filter, sort and page as findNearby. */
function naiveNearby(stations: readonly Station[], q: NearbyQuery): NearbyHit[] {
  const hits: NearbyHit[] = [];
  for (const station of stations) {
    if (station.lat === null || station.lon === null) continue;
    const d = distanceKm(q.lat, q.lon, station.lat, station.lon);
    if (d > q.radiusKm) continue;
    const price = q.fuel ? (station.prices.find((p) => p.fuel === q.fuel) ?? null) : null;
    hits.push({ station, price, distanceKm: d });
  }
  if (q.sort === 'price') {
    hits.sort((a, b) => {
      const pa = a.price && !a.price.outlier ? a.price.price : Number.POSITIVE_INFINITY;
      const pb = b.price && !b.price.outlier ? b.price.price : Number.POSITIVE_INFINITY;
      return pa - pb || a.distanceKm - b.distanceKm;
    });
  } else hits.sort((a, b) => a.distanceKm - b.distanceKm);
  return hits;
}
