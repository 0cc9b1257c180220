/**
 * `npm run backfill -- --file <zip|xml> [--year YYYY] [--json]` or `-- --year YYYY [--to YYYY] [--json]`:
 * the official yearly archives into the local stack's history (docs/HISTORY.md, "Backfill"). `--year` alone
 * downloads each year from donnees.roulez-eco.fr (BACKFILL_URL_TEMPLATE overrides the address).
 * Progress goes to stderr on one updating line (TTY only); each year's summary to stdout. Exits 1 when a
 * year failed, after trying the others: a year that fails leaves its stored history as it was.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { downloadYear, runBackfill } from '#shared/history/backfill.ts';
import { parisYear, yearRange } from '#shared/history/state-machine.ts';
import type { BackfillProgress, BackfillSummary } from '#shared/history/types.ts';
import { BACKFILL } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { connectLocalStack } from './local-stack.ts';

const USAGE =
  'usage: npm run backfill -- --file <zip|xml> [--year YYYY] [--json]\n' +
  '       npm run backfill -- --year YYYY [--to YYYY] [--json]';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    file: { type: 'string' },
    year: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const thisYear = parisYear();
const year = args.year === undefined ? undefined : readYear(args.year, '--year');
const to = args.to === undefined ? year : readYear(args.to, '--to');
if ((!args.file && year === undefined) || (args.file && args.to) || (year && to && to < year)) {
  console.error(USAGE);
  process.exit(2);
}

const stack = await connectLocalStack(resolve(root, process.env.DATA_DIR || '.data'));
let failed = 0;
try {
  const store = { s3: createS3Client(), bucket: stack.resources.buckets.data };
  const jobs: { label: string; year: number | undefined; file: (dir: string) => Promise<string> }[] =
    args.file
      ? [{ label: args.file, year, file: async () => resolve(args.file as string) }]
      : yearRange(year as number, to as number).map((y) => ({
          label: String(y),
          year: y,
          file: (dir) => downloadYear(y, dir),
        }));
  for (const job of jobs) {
    const dir = await mkdtemp(join(tmpdir(), 'plein-backfill-'));
    const progress = progressLine(job.label);
    try {
      const summary = await runBackfill(await job.file(dir), {
        store,
        year: job.year,
        onProgress: progress.update,
      });
      progress.done();
      console.log(args.json ? JSON.stringify(summary, null, 2) : describe(summary));
    } catch (error) {
      progress.done();
      failed++;
      console.error(
        `${job.label}: failed, stored history unchanged: ${error instanceof Error ? error.message : error}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
} finally {
  await stack.stop();
}
process.exitCode = failed > 0 ? 1 : 0;

function readYear(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < BACKFILL.firstYear || n > thisYear) {
    console.error(`${flag}: a year from ${BACKFILL.firstYear} to ${thisYear}, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

/** One line on stderr, rewritten in place; nothing when stderr is not a TTY. */
function progressLine(label: string) {
  const tty = process.stderr.isTTY;
  let shown = false;
  return {
    update(p: BackfillProgress) {
      if (!tty) return;
      const share = p.totalBytes ? ` (${Math.round((100 * p.bytes) / p.totalBytes)} %)` : '';
      const line = [
        label,
        `${(p.bytes / 1e6).toFixed(1)} MB read${share}`,
        `${p.stations.toLocaleString('fr-FR')} stations`,
        `${p.changes.toLocaleString('fr-FR')} price changes`,
        `${p.mbPerSecond.toFixed(1)} MB/s`,
      ].join(' · ');
      process.stderr.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

function describe(s: BackfillSummary): string {
  const rows: [string, unknown][] = [
    ['year', s.year],
    ['outcome', s.outcome === 'unchanged' ? 'unchanged (these exact bytes are already stored)' : 'written'],
    ['generation', s.generation],
    ['source', `${(s.sourceBytes / 1e6).toFixed(1)} MB, sha256 ${s.sourceSha256.slice(0, 16)}…`],
    ['stations', s.stations],
    ['changes', s.changes],
    ['flagged', `${s.flagged.outlier} outliers, ${s.flagged.reverted} reverted`],
    ['written', `${s.objectsWritten} objects, ${(s.bytesWritten / 1e6).toFixed(2)} MB`],
    ['deleted', `${s.objectsDeleted} objects of the replaced generation`],
    ['duration', `${(s.durationMs / 1000).toFixed(1)} s`],
  ];
  return rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n');
}
