/**
 * `npm run bench:backfill` (add `-- --keep` to keep the synthetic files for the next run; BENCH_SCALES=1 skips
 * the 3× file): one year of the
 * official archives through the backfill (shared/history/backfill.ts) against the local stack, next to a bare
 * pass over the same bytes, in the same run. Exit code 1 if a goal fails.
 *
 * The year is synthetic at the real size (issue 18, ../shared/archives/README.md: ~4 M `<prix>`, ~390 MB of
 * XML for 2025): the real stations of the 2025-07-28 national feed (their `<pdv>` heads as they are), each
 * fuel they sold given a year of price changes (a seeded random walk, dated in 2025 with a `T`, euros) after
 * its last price of 2024, and a few `<rupture>`s, streamed into a ZIP. The 3× file gives every station-fuel
 * three times the changes: the same 10,000 stations (so the same objects), three times the bytes to stream.
 *
 * Each measurement runs in its own child process (an esbuild bundle, as the Lambda runs; bench/lib/child.ts),
 * so its peak RSS (process.resourceUsage().maxRSS) is its own; the emulators run here, in the parent, as S3
 * is remote for the Lambda.
 *   bare      parseFeed over the ZIP with keepEveryPrice, counting stations and prices: what reading costs
 *   backfill  runBackfill into a fresh bucket of the local S3 (s3rver, on disk): hash, read, write, commit
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { unzipSync, Zip, ZipDeflate } from 'fflate';
import { parseFeed } from '#shared/feed/index.ts';
import { runBackfill } from '#shared/history/backfill.ts';
import type { BackfillSummary } from '#shared/history/types.ts';
import { BACKFILL } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { bundleForChild, CHILD_NODE_FLAGS, childJson } from './lib/child.ts';
import { seededRandom } from './lib/random.ts';

const SOURCE = resolve(import.meta.dirname, '../../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip');
const YEAR = 2025;
/** ~390 MB of XML at 1× (the real 2025 file); the changes per station-fuel follow from it. */
const TARGET_XML_BYTES = 390e6;
const GOALS = { seconds: 90, ratio: 2, rssMb: 300, flatRssRatio: 1.15 };

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    file: { type: 'string' },
    bucket: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

interface Measure {
  ms: number;
  maxRssMb: number;
  heapMb: number;
  externalMb: number;
  stations: number;
  prices: number;
  summary?: BackfillSummary;
}

// ---------------------------------------------------------------- child side: one measurement

async function runChild(method: string, file: string): Promise<void> {
  // Where the memory is: the largest heap and off-heap (Buffers, typed arrays) seen, sampled every 50 ms.
  const peak = { heapMb: 0, externalMb: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapMb = Math.max(peak.heapMb, m.heapUsed / 1048576);
    peak.externalMb = Math.max(peak.externalMb, m.external / 1048576);
  }, 50);
  const started = performance.now();
  let stations = 0;
  let prices = 0;
  let summary: BackfillSummary | undefined;
  if (method === 'bare') {
    await parseFeed(readChunks(file), {
      keepEveryPrice: true,
      maxInputBytes: BACKFILL.maxInflatedBytes,
      maxInflatedBytes: BACKFILL.maxInflatedBytes,
      onStation: (station) => {
        stations++;
        prices += station.prices.length;
      },
    });
  } else {
    summary = await runBackfill(file, {
      store: { s3: createS3Client(), bucket: values.bucket ?? '' },
      year: YEAR,
    });
    stations = summary.stations;
    prices = summary.changes;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, maxRssMb, ...peak, stations, prices, summary } satisfies Measure));
}

/** The file in 1 MiB reads, as runBackfill reads it. */
const readChunks = (file: string) => createReadStream(file, { highWaterMark: 1024 * 1024 });

// ---------------------------------------------------------------- the synthetic year

interface SourceStation {
  head: string;
  fuels: { nom: string; id: string; valeur: number }[];
}

/** The national feed's `<pdv>`s: each head (attributes, address, hours, services) and the fuels it sells. */
function sourceStations(): { prologue: string; stations: SourceStation[] } {
  const xml = Buffer.from(Object.values(unzipSync(readFileSync(SOURCE)))[0] ?? []).toString('latin1');
  const stations: SourceStation[] = [];
  for (const [block] of xml.matchAll(/<pdv [^>]*>[\s\S]*?<\/pdv>/g)) {
    const fuels = [...block.matchAll(/<prix nom="([^"]+)" id="(\d+)" maj="[^"]+" valeur="([^"]+)"\/>/g)].map(
      (m) => ({ nom: m[1] as string, id: m[2] as string, valeur: Number(m[3]) }),
    );
    const head = block
      .replace(/\s*<(prix|rupture|fermeture)\b[^>]*\/>/g, '')
      .replace(/\s*<\/pdv>$/, '')
      .trim();
    stations.push({ head, fuels });
  }
  return { prologue: xml.slice(0, xml.indexOf('<pdv ')), stations };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Paris wall clock of a moment of the year, as the files write it from 2015 (`T`, no offset). */
function wall(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** One station's `<pdv>` with `perSeries` changes (±30 %) for each of its fuels. */
function stationXml(s: SourceStation, perSeries: number, next: () => number): string {
  const start = Date.UTC(YEAR, 0, 1);
  const span = Date.UTC(YEAR + 1, 0, 1) - start;
  const lines = [`<pdv${s.head.slice(4)}`];
  for (const fuel of s.fuels) {
    let m = Math.round(fuel.valeur * 1000);
    // The last price before the year, which the yearly files carry.
    lines.push(
      `<prix nom="${fuel.nom}" id="${fuel.id}" maj="${wall(start - (1 + next() * 20) * 86_400_000)}" valeur="${(m / 1000).toFixed(3)}"/>`,
    );
    const n = Math.max(1, Math.round(perSeries * (0.7 + 0.6 * next())));
    const times = Array.from({ length: n }, () => start + Math.floor(next() * span)).sort((a, b) => a - b);
    for (const t of times) {
      m = Math.min(2499, Math.max(1200, m + Math.round((next() - 0.5) * 40) || 1));
      lines.push(
        `<prix nom="${fuel.nom}" id="${fuel.id}" maj="${wall(t)}" valeur="${(m / 1000).toFixed(3)}"/>`,
      );
    }
  }
  const fuel = s.fuels[0];
  if (fuel && next() < 0.3) {
    const t = start + Math.floor(next() * (span - 86_400_000 * 3));
    lines.push(
      `<rupture id="${fuel.id}" nom="${fuel.nom}" debut="${wall(t)}" fin="${wall(t + 86_400_000 * (1 + next()))}"/>`,
    );
  }
  lines.push('</pdv>');
  return lines.join('\n');
}

/** Streams the synthetic year at `scale` into a ZIP (one ISO-8859-1 entry); never the whole text in memory. */
async function writeYear(path: string, scale: number): Promise<{ xmlBytes: number }> {
  const { prologue, stations } = sourceStations();
  const series = stations.reduce((n, s) => n + s.fuels.length, 0);
  // A `<prix>` line is ~67.5 bytes (measured on this generator's output); the heads are as they are.
  const headBytes = stations.reduce((n, s) => n + s.head.length + 70 * s.fuels.length, 0);
  const perSeries = ((TARGET_XML_BYTES - headBytes) / series / 67.5) * scale;
  const out = createWriteStream(path);
  const zip = new Zip((error, data) => {
    if (error) throw error;
    out.write(data);
  });
  const entry = new ZipDeflate(`PrixCarburants_annuel_${YEAR}.xml`, { level: 6 });
  zip.add(entry);
  let xmlBytes = 0;
  const push = async (text: string, final = false) => {
    const bytes = Buffer.from(text, 'latin1');
    xmlBytes += bytes.length;
    entry.push(bytes, final);
    // Back-pressure: let the file catch up rather than queue the ZIP in memory.
    if (out.writableLength > 16 * 1024 * 1024) await new Promise((r) => out.once('drain', r));
  };
  const next = seededRandom(2025);
  await push(prologue.replace(/<pdv_liste>[\s\S]*$/, '<pdv_liste>\n'));
  let batch: string[] = [];
  for (const s of stations) {
    batch.push(stationXml(s, perSeries, next));
    if (batch.length === 200) {
      await push(`${batch.join('\n')}\n`);
      batch = [];
    }
  }
  await push(`${batch.join('\n')}\n</pdv_liste>\n`, true);
  zip.end();
  await new Promise<void>((done, fail) => out.end(() => done()).once('error', fail));
  return { xmlBytes };
}

// ---------------------------------------------------------------- parent side

async function runParent(): Promise<void> {
  // Not bundled into the children: the emulators run here only (a computed specifier esbuild leaves alone).
  const helper = new URL('../test/helpers/local-stack.ts', import.meta.url).href;
  const { startTestStack } = (await import(helper)) as typeof import('../test/helpers/local-stack.ts');
  const bundle = await bundleForChild(import.meta.filename);
  const stack = await startTestStack();
  const s3 = createS3Client();
  const measure = (method: string, file: string, bucket = '') =>
    childJson<Measure>(
      process.execPath,
      [...CHILD_NODE_FLAGS, bundle, '--child', method, '--file', file, '--bucket', bucket],
      `${method} ${file}`,
    );
  console.log(
    `backfill benchmark — Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; children: bundled JS, ${CHILD_NODE_FLAGS.join(' ')}; S3: s3rver on disk (local stack)`,
  );
  const rows: { scale: number; xmlMb: number; zipMb: number; bare: Measure; backfill: Measure }[] = [];
  try {
    for (const scale of (process.env.BENCH_SCALES ?? '1,3').split(',').map(Number)) {
      const file = resolve(tmpdir(), `plein-bench-annee-${YEAR}-${scale}x-v2.zip`);
      const sizes = resolve(tmpdir(), `plein-bench-annee-${YEAR}-${scale}x-v2.json`);
      if (!values.keep || !existsSync(file) || !existsSync(sizes)) {
        const t = performance.now();
        const { xmlBytes } = await writeYear(file, scale);
        writeFileSync(sizes, JSON.stringify({ xmlBytes }));
        console.log(`built the ${scale}× year in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
      const { xmlBytes } = JSON.parse(readFileSync(sizes, 'utf8')) as { xmlBytes: number };
      const bucket = `plein-bench-history-${scale}x`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const bare = await measure('bare', file);
      const backfill = await measure('backfill', file, bucket);
      rows.push({ scale, xmlMb: xmlBytes / 1e6, zipMb: statSync(file).size / 1e6, bare, backfill });
      if (!values.keep) rmSync(file, { force: true });
    }
  } finally {
    await stack.stop();
    rmSync(bundle, { force: true });
  }

  console.log('');
  console.log(
    'size  XML MB  ZIP MB  stations   prices    bare s  backfill s  ratio  MB/s  RSS bare  RSS backfill  S3 objects  S3 MB',
  );
  for (const r of rows) {
    const s = r.backfill.summary as BackfillSummary;
    console.log(
      [
        `${r.scale}×`.padEnd(4),
        r.xmlMb.toFixed(0).padStart(7),
        r.zipMb.toFixed(1).padStart(7),
        String(r.bare.stations).padStart(9),
        String(r.bare.prices).padStart(8),
        (r.bare.ms / 1000).toFixed(1).padStart(9),
        (r.backfill.ms / 1000).toFixed(1).padStart(11),
        (r.backfill.ms / r.bare.ms).toFixed(2).padStart(6),
        (r.xmlMb / (r.backfill.ms / 1000)).toFixed(1).padStart(5),
        r.bare.maxRssMb.toFixed(0).padStart(9),
        r.backfill.maxRssMb.toFixed(0).padStart(13),
        String(s.objectsWritten).padStart(11),
        (s.bytesWritten / 1e6).toFixed(1).padStart(6),
      ].join(' '),
    );
  }
  console.log(
    `\nbackfill peak heap / off-heap (sampled): ${rows.map((r) => `${r.scale}× ${r.backfill.heapMb.toFixed(0)} / ${r.backfill.externalMb.toFixed(0)} MB`).join(', ')}` +
      `; bare: ${rows.map((r) => `${r.scale}× ${r.bare.heapMb.toFixed(0)} / ${r.bare.externalMb.toFixed(0)} MB`).join(', ')}`,
  );
  const [one, three] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const s1 = one.backfill.summary as BackfillSummary;
  console.log(
    `S3 for one year: ${s1.objectsWritten} PUTs ≈ $${((s1.objectsWritten / 1000) * 0.005).toFixed(3)}, ` +
      `${(s1.bytesWritten / 1e6).toFixed(1)} MB stored ≈ $${((s1.bytesWritten / 1e9) * 0.023 * 12).toFixed(3)} a year (S3 Standard, eu-west-3 list prices)`,
  );
  console.log(
    `changes kept: ${s1.changes} of ${one.bare.prices} prices read (flagged: ${JSON.stringify(s1.flagged)})`,
  );
  console.log('');
  let failed = false;
  const goal = (ok: boolean, text: string) => {
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
    failed ||= !ok;
  };
  goal(
    one.backfill.ms <= GOALS.seconds * 1000,
    `one year in ≤ ${GOALS.seconds} s (${(one.backfill.ms / 1000).toFixed(1)} s)`,
  );
  goal(
    one.backfill.ms <= GOALS.ratio * one.bare.ms,
    `≤ ${GOALS.ratio}× the bare pass over the same bytes (${(one.backfill.ms / one.bare.ms).toFixed(2)}×, bare ${(one.bare.ms / 1000).toFixed(1)} s)`,
  );
  goal(
    one.backfill.maxRssMb <= GOALS.rssMb,
    `peak RSS ≤ ${GOALS.rssMb} MB (${one.backfill.maxRssMb.toFixed(0)} MB)`,
  );
  goal(
    three.backfill.maxRssMb <= one.backfill.maxRssMb * GOALS.flatRssRatio,
    `flat from 1× to 3× (≤ ${GOALS.flatRssRatio}×): ${one.backfill.maxRssMb.toFixed(0)} → ${three.backfill.maxRssMb.toFixed(0)} MB`,
  );
  process.exitCode = failed ? 1 : 0;
}

if (values.child) await runChild(values.child, values.file ?? '');
else await runParent();
