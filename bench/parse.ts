// Over 300 lines on purpose: one benchmark that reads top to bottom as its method
// (children, pairs, synthetic feed, table).
/**
 * Feed reader benchmark: `npm run bench:parse` (add `-- --runs 7` or `-- --no-synthetic`).
 *
 * For each national ZIP in ../shared/feeds, each measurement runs in its own child process (so peak RSS,
 * read from process.resourceUsage().maxRSS at the child's end, is not polluted by the others); a child
 * repeats its measurement `--runs` times and the parent keeps the median time. No gc() between runs:
 * measured here, repeated forced GCs make every later run ~5× slower (bare pipeline 107 → ~500 ms), which
 * would distort times and squash ratios.
 * Children run an esbuild bundle of this file, as the Lambda does: Node's type stripping alone costs
 * ~35 MB of RSS that production never pays. They run with --max-semi-space-size=8, V8's own default on
 * any machine with ≤ 2 GiB (such as the ingest Lambda); on this 24 GB box V8 would grow the young
 * generation to 64 MB semi-spaces, which then dominates RSS: that figure is printed too, as a note.
 *   saxes   saxes alone over the already inflated and decoded text, counting elements
 *   bare    the bare pipeline: file → fflate Unzip → Latin-1 decode → saxes counting elements
 *   reader  parseFeed from the file: the same, plus every check and the normalized Station records
 *   gen     the same through the readFeed async generator (one `for await` turn per station)
 *   paired  bare and reader alternated in one child, 3×runs pairs: the reader/bare ratio of each pair.
 *           Other engineers' jobs share this machine; pairing makes load drift hit both sides alike, so
 *           the ratio goal is judged on it (the separate children above give the times and the RSS).
 * The saxes and bare passes use their own instances of saxes and fflate (the same files: saxes.js and
 * fflate's ES build), loaded fresh from node_modules rather than the bundled copies the reader runs on:
 * V8 optimizes a function for the callbacks it has seen, and with one shared copy the alternated bare pass
 * ran ~15% slower than alone, which made the ratio look ~0.05 better than it is.
 *   python  xml.etree.ElementTree parse of the zipped XML + extraction of the same fields (if python3 is here)
 * Then a synthetic feed 10× the national one (the 2025 stations repeated with new ids, streamed into a ZIP)
 * shows that memory does not grow with the feed.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { unzipSync, Zip, ZipDeflate } from 'fflate';
import { parseFeed, readFeed } from '#shared/feed/index.ts';
import { bundleForChild, CHILD_NODE_FLAGS, childJson } from './lib/child.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FEEDS = resolve(import.meta.dirname, '../../shared/feeds');
const SYNTHETIC_SOURCE = 'instantane_2025-07-28_ghorbelmanssour.zip';
const SYNTHETIC_COPIES = 10;
const MiB = 1024 * 1024;
const GOALS = { ratio: 1.3, pythonSpeedup: 2, nationalRssMb: 150, syntheticRssMb: 200 };

type Method = 'saxes' | 'bare' | 'reader' | 'gen' | 'paired' | 'python';
interface Measure {
  ms: number[];
  maxRssMb: number;
  count: number;
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    file: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'no-synthetic': { type: 'boolean' },
    root: { type: 'string' },
  },
});
const runs = Math.max(1, Number(values.runs) || 5);

/** A new instance of a package from the project's node_modules, whatever the module cache holds (see the header). */
const load = createRequire(resolve(values.root ?? process.cwd(), 'package.json'));

function freshModule<T>(name: string): T {
  const path = load.resolve(name);
  const cached = load.cache[path];
  delete load.cache[path];
  try {
    return load(path) as T;
  } finally {
    if (cached) load.cache[path] = cached;
    else delete load.cache[path];
  }
}
/** The same for an ES module: the file the reader's bundle uses, imported under its own URL. */
async function freshEsModule<T>(name: string): Promise<T> {
  const manifest = load.resolve(`${name}/package.json`);
  const exported = JSON.parse(readFileSync(manifest, 'utf8')).exports['.'].node.import.default as string;
  return (await import(`${pathToFileURL(resolve(dirname(manifest), exported)).href}?bare`)) as T;
}
const { SaxesParser } = freshModule<typeof import('saxes')>('saxes');
const { Unzip, UnzipInflate } = await freshEsModule<typeof import('fflate')>('fflate');

// ---------------------------------------------------------------- child side: one measurement, N runs

/** Element count of a national file via saxes only: the input is inflated and decoded before the clock starts. */
function saxesOnly(texts: string[]): number {
  const sax = new SaxesParser({ xmlns: false, position: false });
  let elements = 0;
  sax.on('opentag', () => {
    elements++;
  });
  for (const text of texts) sax.write(text);
  sax.close();
  return elements;
}

/**
 * file → Unzip → Latin-1 → saxes, counting elements: what any streaming reader has to do at least, with the
 * reader's own chunking (32 KiB of ZIP per inflate, 64 KiB of text per decode and parse).
 */
async function barePipeline(file: string): Promise<number> {
  const sax = new SaxesParser({ xmlns: false, position: false });
  let elements = 0;
  sax.on('opentag', () => {
    elements++;
  });
  const unzip = new Unzip((entry) => {
    entry.ondata = (error, data) => {
      if (error) throw error;
      for (let at = 0; at < data.length; at += 64 * 1024) {
        const piece = data.subarray(at, at + 64 * 1024);
        sax.write(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('latin1'));
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    const bytes = chunk as Buffer;
    for (let at = 0; at < bytes.length; at += 32 * 1024) unzip.push(bytes.subarray(at, at + 32 * 1024));
  }
  unzip.push(new Uint8Array(0), true);
  sax.close();
  return elements;
}

async function reader(file: string): Promise<number> {
  let stations = 0;
  const summary = await parseFeed(createReadStream(file, { highWaterMark: 64 * 1024 }), {
    maxInflatedBytes: 512 * MiB,
    maxInputBytes: 512 * MiB,
    onStation: () => {
      stations++;
    },
  });
  if (summary.stations !== stations) throw new Error('station count mismatch');
  return stations;
}

/** The same through the readFeed async generator, one `for await` turn per station. */
async function generator(file: string): Promise<number> {
  let stations = 0;
  const feed = readFeed(createReadStream(file, { highWaterMark: 64 * 1024 }), {
    maxInflatedBytes: 512 * MiB,
    maxInputBytes: 512 * MiB,
  });
  for await (const _ of feed) stations++;
  return stations;
}

async function runChild(method: Method, file: string): Promise<void> {
  let texts: string[] = [];
  if (method === 'saxes') {
    const xml = Object.values(unzipSync(readFileSync(file)))[0] ?? new Uint8Array(0);
    // Same chunking as the pipelines: 64 KiB of text per write.
    for (let i = 0; i < xml.length; i += 65536)
      texts.push(Buffer.from(xml.subarray(i, i + 65536)).toString('latin1'));
  }
  const ms: number[] = [];
  let count = 0;
  if (method === 'paired') {
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const bare = () => timed(() => barePipeline(file));
    const full = () => timed(async () => (count = await reader(file)));
    for (let r = 0; r < 3 * runs; r++) {
      // Alternate which side goes first, so neither always inherits the other's warm caches or garbage.
      if (r % 2 === 0) {
        const b = await bare();
        ms.push((await full()) / b);
      } else {
        const f = await full();
        ms.push(f / (await bare()));
      }
    }
  }
  for (let r = 0; r < runs && method !== 'paired'; r++) {
    const started = performance.now();
    if (method === 'saxes') count = saxesOnly(texts);
    else if (method === 'bare') count = await barePipeline(file);
    else if (method === 'gen') count = await generator(file);
    else count = await reader(file);
    ms.push(performance.now() - started);
  }
  texts = [];
  const result: Measure = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, count };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------- parent side

const PYTHON = `
import sys, time, json, zipfile, resource, xml.etree.ElementTree as ET
path, runs = sys.argv[1], int(sys.argv[2])
times, count = [], 0
for _ in range(runs):
    t = time.perf_counter()
    with zipfile.ZipFile(path) as z, z.open(z.namelist()[0]) as f:
        root = ET.parse(f).getroot()
    stations = []
    for p in root.iter('pdv'):
        stations.append({
            'id': p.get('id'), 'lat': float(p.get('latitude') or 0) / 1e5, 'lon': float(p.get('longitude') or 0) / 1e5,
            'cp': p.get('cp'), 'pop': p.get('pop'),
            'address': (p.findtext('adresse') or '').strip(), 'town': (p.findtext('ville') or '').strip(),
            'services': [(s.text or '').strip() for s in p.iter('service')],
            'prices': [(x.get('id'), x.get('maj'), float(x.get('valeur'))) for x in p.findall('prix') if x.get('valeur')],
            'ruptures': [(x.get('id'), x.get('debut'), x.get('fin'), x.get('type')) for x in p.findall('rupture')],
            'hours': [(j.get('id'), j.get('ferme'), [(h.get('ouverture'), h.get('fermeture')) for h in j]) for j in p.iter('jour')],
        })
    count = len(stations)
    times.append((time.perf_counter() - t) * 1000)
    del root, stations
print(json.dumps({'ms': times, 'maxRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'count': count}))
`;

const NODE_FLAGS = CHILD_NODE_FLAGS;
let bundle = '';

function measure(method: Method, file: string, flags = NODE_FLAGS): Promise<Measure> {
  const [command, args] =
    method === 'python'
      ? ['python3', ['-c', PYTHON, file, String(runs)]]
      : [
          process.execPath,
          [...flags, bundle, '--child', method, '--file', file, '--runs', String(runs), '--root', ROOT],
        ];
  return childJson<Measure>(command, args, `${method} ${basename(file)}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** The 2025 national feed's stations, repeated with new ids, streamed into a ZIP (data descriptor) on disk. */
function writeSynthetic(path: string): void {
  const xml = Buffer.from(
    Object.values(unzipSync(readFileSync(resolve(FEEDS, SYNTHETIC_SOURCE))))[0] ?? [],
  ).toString('latin1');
  const first = xml.indexOf('<pdv ');
  const last = xml.lastIndexOf('</pdv>') + '</pdv>'.length;
  const blocks = xml.slice(first, last).split(/(?=<pdv )/);
  const fd = openSync(path, 'w');
  const zip = new Zip((error, data) => {
    if (error) throw error;
    writeSync(fd, data);
  });
  const entry = new ZipDeflate('PrixCarburants_instantane.xml', { level: 6 });
  zip.add(entry);
  entry.push(Buffer.from(xml.slice(0, first), 'latin1'));
  for (let copy = 1; copy <= SYNTHETIC_COPIES; copy++) {
    // One copy at a time: ~12 MB in memory here, never the whole synthetic file.
    const text = blocks.map((b) =>
      b.replace(/^<pdv id="(\d+)"/, (_, id: string) => `<pdv id="${copy}${id.padStart(8, '0')}"`),
    );
    entry.push(Buffer.from(text.join(''), 'latin1'));
  }
  entry.push(Buffer.from(xml.slice(last), 'latin1'), true);
  zip.end();
  closeSync(fd);
}

const mb = (bytes: number) => (bytes / MiB).toFixed(1);
const cell = (text: string, width: number) =>
  text.length >= width ? text : ' '.repeat(width - text.length) + text;

interface Row {
  name: string;
  m: Partial<Record<Method, Measure>>;
}

const COLUMNS: [string, number, (r: Row) => string][] = [
  ['stations', 9, (r) => String(r.m.reader?.count ?? '-')],
  ['saxes', 6, (r) => ms(r, 'saxes')],
  ['bare', 6, (r) => ms(r, 'bare')],
  ['reader', 7, (r) => ms(r, 'reader')],
  ['gen', 6, (r) => ms(r, 'gen')],
  ['python', 7, (r) => ms(r, 'python')],
  ['rdr/bare', 9, (r) => ratio(r, 'reader', 'bare')],
  ['paired', 7, (r) => (r.m.paired ? median(r.m.paired.ms).toFixed(2) : '-')],
  [
    'rdr/saxes',
    10,
    (r) => (r.m.saxes ? (median(r.m.reader?.ms ?? []) / median(r.m.saxes.ms)).toFixed(2) : '-'),
  ],
  [
    'py/rdr',
    7,
    (r) => (r.m.python ? `${(median(r.m.python.ms) / median(r.m.reader?.ms ?? [])).toFixed(1)}×` : '-'),
  ],
  ['RSS bare', 9, (r) => rss(r, 'bare')],
  ['reader', 7, (r) => rss(r, 'reader')],
  ['python', 7, (r) => rss(r, 'python')],
];
const ms = (r: Row, k: Method) => (r.m[k] ? median(r.m[k].ms).toFixed(0) : '-');
const rss = (r: Row, k: Method) => (r.m[k] ? r.m[k].maxRssMb.toFixed(0) : '-');
const ratio = (r: Row, a: Method, b: Method) => {
  const x = r.m[a];
  const y = r.m[b];
  return x && y ? (median(x.ms) / median(y.ms)).toFixed(2) : '-';
};
const printRow = (r: Row) =>
  console.log(r.name.padEnd(46) + COLUMNS.map(([, w, f]) => ` ${cell(f(r), w)}`).join(''));

async function runParent(): Promise<void> {
  const files = readdirSync(FEEDS)
    .filter((f) => f.endsWith('.zip'))
    .sort();
  const hasPython = spawnSync('python3', ['--version']).status === 0;
  const methods: Method[] = [
    'saxes',
    'bare',
    'reader',
    'gen',
    'paired',
    ...(hasPython ? (['python'] as const) : []),
  ];
  bundle = await bundleForChild(import.meta.filename);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `feed reader benchmark — Node ${process.version}; children: bundled JS, ${NODE_FLAGS.join(' ')}`,
  );
  console.log(
    `${runs} runs per child; times are medians in ms, "paired" the median reader/bare ratio of alternated runs; RSS = peak MB; load ${load}`,
  );
  const header = 'file'.padEnd(46) + COLUMNS.map(([title, w]) => ` ${cell(title, w)}`).join('');
  console.log(header);
  console.log('-'.repeat(header.length));

  const rows: Row[] = [];
  for (const file of files) {
    const m: Row['m'] = {};
    for (const method of methods) m[method] = await measure(method, resolve(FEEDS, file));
    rows.push({ name: file, m });
    printRow({ name: file, m });
  }
  let synthetic: Row | null = null;
  let syntheticPath = '';
  if (!values['no-synthetic']) {
    syntheticPath = resolve(tmpdir(), `plein-synthetic-${SYNTHETIC_COPIES}x-v1.zip`);
    if (!existsSync(syntheticPath)) writeSynthetic(syntheticPath);
    const m: Row['m'] = {};
    for (const method of ['bare', 'reader'] as const) m[method] = await measure(method, syntheticPath);
    synthetic = { name: `synthetic ${SYNTHETIC_COPIES}× (${mb(statSync(syntheticPath).size)} MB zip)`, m };
    printRow(synthetic);
  }

  // The same reader under this machine's V8 defaults (young generation sized for 24 GB), for the record.
  const defaults: string[] = [];
  const note = [
    `${SYNTHETIC_SOURCE}: ${(await measure('reader', resolve(FEEDS, SYNTHETIC_SOURCE), defaults)).maxRssMb.toFixed(0)} MB`,
  ];
  if (syntheticPath)
    note.push(`synthetic: ${(await measure('reader', syntheticPath, defaults)).maxRssMb.toFixed(0)} MB`);
  console.log(
    `\nreader peak RSS with V8 defaults for this 24 GB machine (no --max-semi-space-size): ${note.join(', ')}`,
  );
  rmSync(bundle, { force: true });

  console.log('');
  let failed = false;
  const goal = (ok: boolean, text: string) => {
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
    failed ||= !ok;
  };
  const medianOf = (r: Row, k: Method) => median(r.m[k]?.ms ?? [Number.NaN]);
  const worstPaired = Math.max(...rows.map((r) => medianOf(r, 'paired')));
  const worstRatio = Math.max(...rows.map((r) => medianOf(r, 'reader') / medianOf(r, 'bare')));
  goal(
    worstPaired <= GOALS.ratio,
    `reader ≤ ${GOALS.ratio}× the bare pipeline (worst file: ${worstPaired.toFixed(2)}× paired, ${worstRatio.toFixed(2)}× from the separate medians)`,
  );
  if (hasPython) {
    const worst = Math.min(...rows.map((r) => medianOf(r, 'python') / medianOf(r, 'reader')));
    goal(
      worst >= GOALS.pythonSpeedup,
      `reader ≥ ${GOALS.pythonSpeedup}× faster than Python ElementTree (worst ${worst.toFixed(1)}×)`,
    );
  } else console.log('SKIP  Python ElementTree baseline: python3 not found');
  const worstRss = Math.max(...rows.map((r) => r.m.reader?.maxRssMb ?? 0));
  goal(
    worstRss <= GOALS.nationalRssMb,
    `peak RSS ≤ ${GOALS.nationalRssMb} MB on the national files (worst ${worstRss.toFixed(0)} MB)`,
  );
  if (synthetic) {
    const peak = synthetic.m.reader?.maxRssMb ?? Number.NaN;
    goal(
      peak <= GOALS.syntheticRssMb,
      `peak RSS ≤ ${GOALS.syntheticRssMb} MB on the ${SYNTHETIC_COPIES}× synthetic feed (${peak.toFixed(0)} MB)`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}

if (values.child) await runChild(values.child as Method, values.file ?? '');
else await runParent();
