// Over 300 lines on purpose: one benchmark that reads top to bottom as its method
// (bundles, child processes, rounds, table).
/**
 * `npm run bench:cold` — the CPU a snapshot route spends when its data is new to it, on a national feed.
 *
 * Against the local stand-ins, with a real national feed ingested, each snapshot route runs in a fresh Node
 * process as Lambda runs it (its handler bundled by esbuild with the settings CDK uses, infra/aws/bundling.ts):
 * the CPU (process.cpuUsage: every thread of the process) of the module import and init, of the first request,
 * and, once a second feed is ingested (a new run published), of the first request after it. Next to them, in
 * the same run, today's baseline: the whole snapshot's gunzip + JSON.parse + indexSnapshot, in a fresh process
 * too (first and second snapshot). The emulators run in this process, so their work is not counted.
 *
 * Checks, per route: each figure fits the function's timeout at its memory's CPU share with a 2× margin
 * (`limits` of functions/http/routes.ts, `cpuShare` of shared/platform.ts): 2 × CPU ÷ share ≤ timeout, for
 * init + first request and for the first request after a new snapshot; and the goal, the first request after
 * a new snapshot ≤ 100 ms of CPU on this machine. Prints PASS/FAIL per route; exits 1 on any FAIL.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { ROUTES, type Route } from '#functions/http/routes.ts';
import { lambdaBuildOptions } from '#infra/aws/bundling.ts';
import type { PublishedData } from '#shared/db/runs.ts';
import type { Snapshot } from '#shared/domain/snapshot.ts';
import { cpuShare } from '#shared/platform.ts';

const GOAL_MS = 100;
/** Fresh processes per route, and first requests after a new run per process. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3);
const MARGIN = 2;
const FEEDS = [
  resolve('../shared/feeds/instantane_2023-11-22_2220Z_yzpt-airflow.zip'),
  resolve('../shared/feeds/instantane_2023-11-23_0820Z_yzpt-airflow.zip'),
];
interface BenchRequest {
  handler: string;
  query?: Record<string, string>;
  path?: Record<string, string>;
  admin?: true;
}

/** One request per snapshot route: the heaviest of its kind (Paris, the widest radius, a text search). */
const requests = (station: string): BenchRequest[] => [
  {
    handler: 'functions/http/get-stations.ts',
    query: { lat: '48.8566', lon: '2.3522', radiusKm: '50', fuel: 'Gazole', sort: 'price', limit: '100' },
  },
  { handler: 'functions/http/get-station.ts', path: { id: station } },
  { handler: 'functions/http/get-station-history.ts', path: { id: station }, query: { days: '30' } },
  { handler: 'functions/http/get-search.ts', query: { q: 'saint' } },
  { handler: 'functions/http/get-stats.ts' },
  { handler: 'functions/http/get-demo-dashboard.ts', query: { lat: '48.8566', lon: '2.3522' } },
  { handler: 'functions/http/get-admin-health.ts', admin: true },
];

/** Medians, and the worst of the samples (what the timeout check uses). */
interface Figures {
  initMs: number;
  firstMs: number;
  afterMs: number;
  /** The same request once the run is loaded. */
  warmMs: number;
  worstColdMs: number;
  worstAfterMs: number;
  status: number[];
  rssMB: number;
}

/**
 * The measured process, plain JavaScript (no TypeScript to strip, as in Lambda): imports the handler bundle,
 * makes the first request; on the parent's word (a new run published) the request again, a minute later by
 * its clock (past the store's once-a-minute pointer check). For the baseline, it loads whole snapshots.
 */
const CHILD = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const send = (m) => new Promise((done) => process.send(m, () => done()));
const next = () => new Promise((done) => process.once('message', (m) => done(m)));
// Sampled (maxRSS would count the parent's image the fork started from).
let peak = 0;
const rss = () => { peak = Math.max(peak, process.memoryUsage.rss() / 1048576); };
const [entry, json, snapshotFile] = process.argv.slice(2);
const request = JSON.parse(json);
let initMs = 0;
let measure;
if (!request) {
  const { gunzipSync } = await import('node:zlib');
  const { readFile } = await import('node:fs/promises');
  const { indexSnapshot } = await import(entry);
  let files = [snapshotFile + '.next', snapshotFile];
  measure = async () => {
    const bytes = await readFile(files[0]);
    files = [files[1], files[0]];
    const t = cpu();
    const indexed = indexSnapshot(JSON.parse(gunzipSync(bytes).toString('utf8')));
    const ms = cpu() - t;
    rss(indexed);
    return { ms, status: 200 };
  };
  files = [snapshotFile, snapshotFile + '.next'];
} else {
  const event = () => ({
    resource: '/', path: '/', httpMethod: 'GET', headers: {}, multiValueHeaders: {},
    queryStringParameters: request.query ?? null, multiValueQueryStringParameters: null,
    pathParameters: request.path ?? null, stageVariables: null, body: null, isBase64Encoded: false,
    requestContext: {
      authorizer: request.admin
        ? { claims: { sub: 'bench-admin', username: 'bench-admin', token_use: 'access',
            scope: 'aws.cognito.signin.user.admin', 'cognito:groups': 'admin' } }
        : null,
      requestId: 'bench', stage: 'bench',
    },
  });
  const context = () => {
    const deadline = Date.now() + 60_000;
    return { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => deadline - Date.now() };
  };
  const t = cpu();
  const { handler } = await import(entry);
  initMs = cpu() - t;
  measure = async () => {
    const e = event();
    const c = context();
    const t = cpu();
    const res = await handler(e, c);
    const ms = cpu() - t;
    rss();
    return { ms, status: res.statusCode };
  };
}
const first = await measure();
await send({ initMs, first });
// Each 'go': the pointer names another run; a minute later by this clock (past the store's pointer check).
const realNow = Date.now.bind(Date);
let offset = 0;
Date.now = () => realNow() + offset;
while ((await next()) === 'go') {
  offset += 61_000;
  const after = await measure();
  // The same request again, now that the run is loaded: what the request itself costs.
  const warm = request ? await measure() : { ms: 0 };
  await send({ ...after, warmMs: warm.ms });
}
await send({ rssMB: peak });
`;

await main();

async function main(): Promise<void> {
  const { runIngest } = await import('#shared/ingest/index.ts');
  const { quietIngestDeps, startApiProduct } = await import('../test/helpers/product.ts');
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const { getPublished } = await import('#shared/db/runs.ts');
  const { keys } = await import('#shared/db/keys.ts');
  const { readFile, writeFile } = await import('node:fs/promises');
  const { gunzipSync } = await import('node:zlib');

  // Inside the project, so that the bundles' external AWS SDK resolves from node_modules as in Lambda.
  const outdir = resolve('node_modules/.cache/plein-bench-cold');
  await mkdir(outdir, { recursive: true });
  const { product, dataDir, stop } = await startApiProduct('bench-cold');
  const children: ChildProcess[] = [];
  try {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const deps = quietIngestDeps(product);
    const ingest = async (feed: string) => {
      const run = await runIngest(deps, { sources: [feed], trigger: 'bench' });
      if (run.status !== 'succeeded') throw new Error(`ingest ${run.status}: ${JSON.stringify(run.error)}`);
      return run;
    };
    const snapshotFile = async (key: string, file: string) => {
      const res = await deps.s3.send(new GetObjectCommand({ Bucket: deps.dataBucket, Key: key }));
      await writeFile(file, (await res.Body?.transformToByteArray()) ?? new Uint8Array());
    };
    const first = await ingest(FEEDS[0] as string);
    console.log(`ingest 1: ${first.stations} stations, ${first.prices} prices (${FEEDS[0]})`);
    const firstPointer = await getPublished(deps.table);
    const second = await ingest(FEEDS[1] as string);
    console.log(`ingest 2: ${second.stations} stations, ${second.prices} prices (${FEEDS[1]})`);
    await snapshotFile(String(second.snapshotKey), `${join(dataDir, 'snapshot.json.gz')}.next`);

    const bundle = async (entry: string) => {
      const outfile = join(outdir, `${entry.replace(/\W+/g, '-')}.mjs`);
      await build({ ...lambdaBuildOptions(resolve(entry), outfile), logLevel: 'error' });
      return outfile;
    };
    const baselineFile = join(dataDir, 'snapshot.json.gz');
    await snapshotFile(String(first.snapshotKey), baselineFile);
    // A Paris station with prices (the first in feed order), for the station and history routes.
    const { stations } = JSON.parse(gunzipSync(await readFile(baselineFile)).toString('utf8')) as Snapshot;
    const station = stations.find((s) => s.cp.startsWith('75') && s.prices.length > 0)?.id ?? '';
    const REQUESTS = requests(station);
    const bundles = new Map<string, string>();
    for (const r of REQUESTS) bundles.set(r.handler, await bundle(r.handler));
    const childFile = join(outdir, 'child.mjs');
    await writeFile(childFile, CHILD);

    // Rounds of fresh processes, one per route (and one for the baseline), each measured alone. Then the
    // pointer alternates between the two published runs (both complete): each time, every process serves the
    // first request after the pointer names another run. Medians against the noise of a shared machine.
    const env = { ...process.env, ...product.env, POWERTOOLS_LOG_LEVEL: 'SILENT' };
    const runs = [firstPointer, await getPublished(deps.table)] as PublishedData[];
    const point = (run: PublishedData) =>
      deps.table.client.send(
        new PutCommand({ TableName: deps.table.name, Item: { ...keys.published, ...run } }),
      );
    const samples = new Map<
      string,
      { init: number[]; first: number[]; after: number[]; warm: number[]; status: number[]; rss: number }
    >();
    const start = async (name: string, entry: string, request: BenchRequest | null) => {
      const proc = fork(childFile, [entry, JSON.stringify(request), baselineFile], {
        env,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: [],
      });
      children.push(proc);
      const inbox: unknown[] = [];
      let waiter: ((m: unknown) => void) | null = null;
      proc.on('message', (m) => {
        const w = waiter;
        waiter = null;
        if (w) w(m);
        else inbox.push(m);
      });
      const receive = <T>() =>
        new Promise<T>((done, fail) => {
          if (inbox.length) return done(inbox.shift() as T);
          waiter = done as (m: unknown) => void;
          proc.once('exit', (code) => fail(new Error(`${name}: the process exited with ${code}`)));
        });
      const s = samples.get(name) ?? { init: [], first: [], after: [], warm: [], status: [], rss: 0 };
      samples.set(name, s);
      const { initMs, first } = await receive<{ initMs: number; first: { ms: number; status: number } }>();
      s.init.push(initMs);
      s.first.push(first.ms);
      s.status.push(first.status);
      return {
        async sample() {
          proc.send('go');
          const { ms, status, warmMs } = await receive<{ ms: number; status: number; warmMs: number }>();
          s.after.push(ms);
          s.warm.push(warmMs);
          s.status.push(status);
        },
        async end() {
          proc.send('end');
          s.rss = Math.max(s.rss, (await receive<{ rssMB: number }>()).rssMB);
        },
      };
    };
    const baselineEntry = await bundle('shared/snapshot/indexed.ts');
    for (let round = 0; round < ROUNDS; round++) {
      await point(runs[0] as PublishedData);
      const procs = [await start('baseline', baselineEntry, null)];
      for (const r of REQUESTS) procs.push(await start(r.handler, bundles.get(r.handler) as string, r));
      for (let k = 0; k < SAMPLES; k++) {
        await point(runs[(k + 1) % 2] as PublishedData);
        for (const p of procs) await p.sample();
      }
      for (const p of procs) await p.end();
    }
    await point(runs[1] as PublishedData);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const max = (xs: number[]) => Math.max(...xs);
    const figures = new Map<string, Figures>();
    for (const [name, s] of samples) {
      figures.set(name, {
        initMs: median(s.init),
        firstMs: median(s.first),
        afterMs: median(s.after),
        warmMs: median(s.warm),
        worstColdMs: max(s.init.map((x, i) => x + (s.first[i] as number))),
        worstAfterMs: max(s.after),
        status: s.status,
        rssMB: s.rss,
      });
    }

    const base = figures.get('baseline') as Figures;
    const f = (n: number) => `${n.toFixed(0).padStart(5)} ms`;
    console.log(
      `\n(${loadavgLine()}; CPU = user + system of the whole process, every thread; medians of ${ROUNDS} fresh ` +
        `processes × ${SAMPLES} new runs, worst in brackets)`,
    );
    console.log(
      `baseline, today's load (gunzip + JSON.parse + indexSnapshot of the whole snapshot) in a fresh process:` +
        ` first snapshot ${f(base.firstMs)}, new snapshot ${f(base.afterMs)} (${f(base.worstAfterMs)}), peak RSS ${base.rssMB.toFixed(0)} MB\n`,
    );
    console.log(
      'verdict  route                             import+init  1st request   after a new run     (warm)    peak RSS  limits (CPU share)    budget (timeout × share ÷ 2)',
    );
    let failed = 0;
    let goal = true;
    for (const r of REQUESTS) {
      const route = (ROUTES as readonly Route[]).find((x) => x.handler === r.handler) as Route;
      const got = figures.get(r.handler) as Figures;
      const share = cpuShare(route.limits.memoryMB);
      const budgetMs = (route.limits.timeoutSeconds * 1000 * share) / MARGIN;
      const statusOk = got.status.every((s) => s === 200);
      const ok =
        statusOk &&
        got.worstColdMs <= budgetMs &&
        got.worstAfterMs <= budgetMs &&
        got.rssMB < route.limits.memoryMB;
      if (!ok) failed++;
      if (got.afterMs > GOAL_MS) goal = false;
      console.log(
        `${ok ? 'PASS' : 'FAIL'}     ${`${route.method} ${route.path}`.padEnd(33)} ${f(got.initMs)}     ${f(got.firstMs)}   ${f(got.afterMs)} (${f(got.worstAfterMs)})  ${f(got.warmMs)}  ` +
          `${got.rssMB.toFixed(0).padStart(4)} MB  ${`${route.limits.memoryMB} MB, ${route.limits.timeoutSeconds} s (${(share * 100).toFixed(1)}%)`.padEnd(22)}` +
          `${f(budgetMs)}  ×${(base.afterMs / Math.max(1, got.afterMs)).toFixed(0)} less than the baseline` +
          (statusOk ? '' : `  statuses ${[...new Set(got.status)].join(', ')}`),
      );
    }
    console.log(
      `\ngoal: the first request after a new snapshot ≤ ${GOAL_MS} ms of CPU on this machine (median), every route: ` +
        `${goal ? 'met' : 'NOT met'} (baseline ${base.afterMs.toFixed(0)} ms)`,
    );
    console.log(
      `${REQUESTS.length - failed} PASS, ${failed} FAIL (the worst import+init+1st request and the worst request after a ` +
        `new run, × ${MARGIN}, within the timeout at the memory's CPU share; peak RSS within the memory)`,
    );
    process.exitCode = failed > 0 || !goal ? 1 : 0;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
    await stop();
  }
}

function loadavgLine(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${navigator.hardwareConcurrency} CPUs`;
}
