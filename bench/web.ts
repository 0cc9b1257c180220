/**
 * `npm run bench:web` — the site's weight and Lighthouse scores, on this machine.
 *
 * 1. Builds web/ (astro build) and starts the whole local product on a free port (emulators, API, built
 *    site, first ingest of the local feed).
 * 2. For every built page: the JS and CSS it ships, gzip bytes, from the <script src>/<link rel=stylesheet>
 *    of the HTML and the static imports of those scripts; lazily imported chunks (map, charts) are listed
 *    apart. Any inline <script> is a failure (the CSP forbids them).
 * 3. Lighthouse (mobile preset, the default config) on Accueil, Station and the dashboard. Signing in
 *    inside Lighthouse is impractical (tokens live in sessionStorage, set by a form), so the dashboard is
 *    measured on /demo/, which renders the same dashboard code with the demo profile.
 * 4. The service worker (issue 19): what it precaches (files, bytes, gzip), and the installed app's start
 *    with the network cut — time from opening the last search in a new window to the first price, from what the
 *    device kept — next to the same start online, measured in the same run (medians of 5, headless Chromium).
 * Goals: performance, accessibility and best practices ≥ 95 on each; Accueil JS (without the map, with the
 * service worker's registration it loads after `load`) ≤ 30 KB gzip.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { chromium as playwright } from 'playwright-core';
import { freePort } from '#infra/local/ports.ts';
import { startLocalProduct } from '#infra/local/runtime.ts';
import { findChromium } from '../test/helpers/chromium.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'web', 'dist');
const GOALS = { score: 95, homeJsKb: 30 };

interface PageWeight {
  page: string;
  js: number;
  css: number;
  lazyJs: number;
  lazyCss: number;
  inlineScripts: number;
}

const gzipCache = new Map<string, number>();
async function gzipBytes(file: string): Promise<number> {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(await readFile(file)).length;
    gzipCache.set(file, size);
  }
  return size;
}

/** A built JS file's imports: static ones (loaded with it) and dynamic ones (loaded on demand). */
async function importsOf(file: string): Promise<{ static: string[]; dynamic: string[]; css: string[] }> {
  const code = await readFile(file, 'utf8');
  const dir = dirname(file);
  const local = (spec: string) => (spec.startsWith('.') || spec.startsWith('/') ? [spec] : []);
  const toPath = (spec: string) => (spec.startsWith('/') ? join(DIST, spec) : join(dir, spec));
  const statics = [
    ...code.matchAll(/(?:^|[;\s}])import\s*(?:[\w{},*\s$]+from\s*)?["']([^"']+\.js)["']/g),
  ].flatMap((m) => local(m[1] ?? ''));
  const dynamics = [...code.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)].flatMap((m) =>
    local(m[1] ?? ''),
  );
  // Vite's preload helper lists the CSS and chunks of dynamic imports as strings ("_astro/map.X.css").
  const deps = [...code.matchAll(/["'](_astro\/[^"']+\.(?:css|js))["']/g)].map((m) => `/${m[1]}`);
  return {
    static: statics.map(toPath),
    dynamic: [...dynamics.map(toPath), ...deps.filter((d) => d.endsWith('.js')).map(toPath)],
    css: deps.filter((d) => d.endsWith('.css')).map(toPath),
  };
}

async function closure(
  entries: string[],
): Promise<{ js: Set<string>; lazyJs: Set<string>; lazyCss: Set<string> }> {
  const js = new Set<string>();
  const lazyJs = new Set<string>();
  const lazyCss = new Set<string>();
  const walk = async (file: string, lazy: boolean): Promise<void> => {
    if (!existsSync(file) || js.has(file) || (lazy && lazyJs.has(file))) return;
    (lazy ? lazyJs : js).add(file);
    const imports = await importsOf(file);
    for (const f of imports.static) await walk(f, lazy);
    for (const f of imports.dynamic) await walk(f, true);
    for (const f of imports.css) lazyCss.add(f);
  };
  for (const entry of entries) await walk(entry, false);
  for (const f of js) lazyJs.delete(f);
  return { js, lazyJs, lazyCss };
}

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '_astro') out.push(...(await htmlFiles(path)));
    else if (entry.name.endsWith('.html')) out.push(path);
  }
  return out.sort();
}

async function pageWeights(): Promise<PageWeight[]> {
  const weights: PageWeight[] = [];
  for (const file of await htmlFiles(DIST)) {
    const html = await readFile(file, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    const inlineScripts = scripts.filter((attrs) => !/\bsrc=/.test(attrs)).length;
    const srcs = scripts.flatMap((a) => /\bsrc="([^"]+)"/.exec(a)?.[1] ?? []).map((s) => join(DIST, s));
    const css = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)]
      .flatMap((m) => /href="([^"]+)"/.exec(m[0])?.[1] ?? [])
      .map((s) => join(DIST, s));
    const { js, lazyJs, lazyCss } = await closure(srcs);
    const sum = async (files: Iterable<string>) => {
      let total = 0;
      for (const f of files) if (existsSync(f)) total += await gzipBytes(f);
      return total;
    };
    const page = `/${relative(DIST, file).replace(/index\.html$/, '')}`;
    weights.push({
      page,
      js: await sum(js),
      css: await sum(css),
      lazyJs: await sum(lazyJs),
      lazyCss: await sum([...lazyCss].filter((f) => !css.includes(f))),
      inlineScripts,
    });
  }
  return weights;
}

async function startChromium(): Promise<{ port: number; child: ChildProcess; stop(): Promise<void> }> {
  const { executablePath, args, env, source } = await findChromium();
  console.log(`Chromium: ${source}`);
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), 'plein-lh-'));
  const child = spawn(
    executablePath,
    [...args, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore', env },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/json/version`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await sleep(100);
  }
  return {
    port,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

interface Scores {
  performance: number;
  accessibility: number;
  'best-practices': number;
  details: string[];
}

async function runLighthouse(url: string, port: number): Promise<Scores> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    // Map tiles come from the internet, which this machine cannot reach.
    blockedUrlPatterns: ['*.tile.openstreetmap.org'],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { categories, audits } = result.lhr;
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  const metric = (id: string) => audits[id]?.displayValue ?? '?';
  const failed = Object.values(categories)
    .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0).map((r) => audits[r.id]))
    .filter((a) => a && a.score !== null && a.score < 0.9)
    .map((a) => {
      // The first offending element, when the audit lists nodes (accessibility audits do).
      const items = (a?.details as { items?: { node?: { snippet?: string } }[] } | undefined)?.items ?? [];
      const node = items.find((i) => i.node?.snippet)?.node?.snippet;
      return `${a?.id} (${a?.score})${node ? ` e.g. ${node.slice(0, 160)}` : ''}`;
    });
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    details: [
      `FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}`,
      ...(failed.length ? [`below 0.9: ${failed.join(', ')}`] : []),
    ],
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The files dist/sw.js precaches (workbox-build's injected list), with their raw and gzip sizes. */
async function precache(): Promise<{ files: number; bytes: number; gzip: number }> {
  const sw = await readFile(join(DIST, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"?url"?:"([^"]+)"/g)].map((m) => m[1] ?? '');
  let bytes = 0;
  let gzip = 0;
  for (const url of urls) {
    bytes += (await readFile(join(DIST, url))).length;
    gzip += await gzipBytes(join(DIST, url));
  }
  return { files: urls.length, bytes, gzip };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * The installed app's start on the driver's last search: a new page (a new window: nothing in memory or
 * sessionStorage) on the search's URL until the first price is on screen. Online first (the baseline, which
 * also lets the worker keep the answers), then with the network cut.
 */
async function offlineStart(url: string, searchPath: string): Promise<{ online: number; offline: number }> {
  const { executablePath, args, env } = await findChromium();
  const browser = await playwright.launch({ executablePath, args, env });
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      serviceWorkers: 'allow',
    });
    await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
    const warm = await context.newPage();
    await warm.goto(`${url}${searchPath}`);
    await warm.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    // Searched once the worker controls the page, so its answers are kept.
    await warm.reload();
    await warm.locator('#results li .price').first().waitFor();
    await warm.close();
    const start = async () => {
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${url}${searchPath}`);
      await page.locator('#results li .price').first().waitFor({ timeout: 30_000 });
      const ms = performance.now() - t0;
      await page.close();
      return ms;
    };
    const online: number[] = [];
    for (let i = 0; i < 5; i++) online.push(await start());
    await context.setOffline(true);
    const offline: number[] = [];
    for (let i = 0; i < 5; i++) offline.push(await start());
    return { online: median(online), offline: median(offline) };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'plein-bench-web-'));
  const log = (line: string) => {
    if (process.env.BENCH_LOG === '1') console.log(`[product] ${line}`);
  };
  console.log('Building the site and starting the local product…');
  const product = await startLocalProduct({
    root: ROOT,
    dataDir,
    persist: false,
    port: 0,
    build: true,
    schedule: true,
    log,
  });
  let chromium: Awaited<ReturnType<typeof startChromium>> | undefined;
  let ok = true;
  try {
    const run = await product.firstIngest;
    console.log(`First ingest: ${run?.status ?? 'none'} (${run?.stations ?? 0} stations)\n`);

    const weights = await pageWeights();
    console.log(
      'Page                    JS (gzip)   CSS (gzip)   lazy JS + CSS (map, charts)   inline <script>',
    );
    for (const w of weights) {
      console.log(
        `${w.page.padEnd(24)}${kb(w.js).padStart(9)}   ${kb(w.css).padStart(10)}   ${`${kb(w.lazyJs)} + ${kb(w.lazyCss)}`.padStart(27)}   ${String(w.inlineScripts).padStart(15)}`,
      );
    }
    const inline = weights.filter((w) => w.inlineScripts > 0);
    const home = weights.find((w) => w.page === '/');
    // The service worker's registration (workbox-window) is a lazy chunk every page loads after `load`.
    const register = (await readdir(join(DIST, '_astro'))).find((f) => f.startsWith('sw-register.'));
    const registerJs = register ? await gzipBytes(join(DIST, '_astro', register)) : 0;
    const homeJs = (home?.js ?? Number.POSITIVE_INFINITY) + registerJs;
    const homeOk = homeJs <= GOALS.homeJsKb * 1024;
    console.log(
      `\nInline scripts: ${inline.length ? `FAIL (${inline.map((w) => w.page).join(', ')})` : 'PASS (none)'}`,
    );
    console.log(
      `Accueil JS without the map: ${kb(home?.js ?? 0)} + service worker registration ${kb(registerJs)} = ${kb(homeJs)} ≤ ${GOALS.homeJsKb} KB: ${homeOk ? 'PASS' : 'FAIL'}`,
    );
    ok &&= inline.length === 0 && homeOk;
    const pre = await precache();
    const swJs = await gzipBytes(join(DIST, 'sw.js'));
    console.log(
      `Service worker: sw.js ${kb(swJs)} gzip; precache ${pre.files} files, ${kb(pre.bytes)} (${kb(pre.gzip)} gzip)`,
    );

    const near = await fetch(
      `${product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price`,
    )
      .then((r) => r.json() as Promise<{ stations?: { id: string }[] }>)
      .catch(() => ({ stations: [] }));
    const stationId = near.stations?.[0]?.id ?? '00000000';
    const targets = [
      ['Accueil', '/'],
      [
        'Accueil (recherche + carte)',
        '/?lat=48.84140&lon=2.30030&label=Paris%2015e&fuel=Gazole&radius=5&sort=price',
      ],
      ['Station', `/station/?id=${stationId}`],
      ['Tableau de bord (démo)', '/demo/'],
    ] as const;
    const search = '/?lat=48.84140&lon=2.30030&label=Paris%2015e&fuel=Gazole&radius=5&sort=price';
    const startUp = await offlineStart(product.url, search);
    console.log(
      `Start on the last search in a new window, to the first price: offline (network cut, from the device) ${Math.round(startUp.offline)} ms; online (baseline, same run) ${Math.round(startUp.online)} ms`,
    );
    chromium = await startChromium();
    console.log('\nLighthouse (mobile preset)            perf   a11y   best practices');
    for (const [name, path] of targets) {
      const s = await runLighthouse(`${product.url}${path}`, chromium.port);
      const pass =
        s.performance >= GOALS.score && s.accessibility >= GOALS.score && s['best-practices'] >= GOALS.score;
      ok &&= pass;
      console.log(
        `${name.padEnd(36)}${String(s.performance).padStart(6)}${String(s.accessibility).padStart(7)}${String(s['best-practices']).padStart(17)}   ${pass ? 'PASS' : 'FAIL'}`,
      );
      for (const d of s.details) console.log(`    ${d}`);
    }
    console.log(`\nOverall: ${ok ? 'PASS' : 'FAIL'}`);
  } finally {
    await chromium?.stop();
    await product.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

await main();
