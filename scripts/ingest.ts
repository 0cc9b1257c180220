/**
 * `npm run ingest -- [--feed <file|url>] [--force] [--json]`: one ingest run against the local stack.
 *
 * Uses the stack of a running `npm start` (its endpoints are in .data/local.json); when none answers, starts
 * the emulators itself on the same data (.data/) and ports as `npm start`, and stops them afterwards.
 * Progress goes to stderr on one updating line (TTY only); the run's summary goes to stdout.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localFallbackFeed } from '#infra/local/feed-source.ts';
import { openTable } from '#shared/db/client.ts';
import { alertsTarget, type IngestProgress, type IngestRun, runIngest } from '#shared/ingest/index.ts';
import { feedSources } from '#shared/ingest/source.ts';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { connectLocalStack } from './local-stack.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    feed: { type: 'string' },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run ingest -- [--feed <file|url>] [--force] [--json]');
  process.exit(0);
}

const dataDir = resolve(root, process.env.DATA_DIR || '.data');
const stack = await connectLocalStack(dataDir);
try {
  const sources = args.feed
    ? [args.feed]
    : feedSources({
        url: stack.env.FEED_URL,
        fallbackUrl: stack.env.FEED_FALLBACK_URL ?? process.env.FEED_FALLBACK_URL,
        file: stack.env.FEED_FILE || localFallbackFeed(root),
      });
  const progress = progressLine();
  const run = await runIngest(
    {
      table: openTable(stack.resources.tableName),
      s3: createS3Client(),
      archiveBucket: stack.resources.buckets.archive,
      dataBucket: stack.resources.buckets.data,
      logger: {
        info: () => {},
        warn: (message) => progress.print(`warning: ${message}`),
        error: () => {},
      },
      emitMetrics: () => {},
      // A running `npm start` names its alerts function, as its ingest Lambda has it; own emulators have none.
      alerts: alertsTarget(stack.env[INVOKABLE_FUNCTIONS.alerts.env]),
    },
    { sources, force: args.force, trigger: 'cli', onProgress: progress.update },
  );
  progress.done();
  console.log(args.json ? JSON.stringify(run, null, 2) : summary(run));
  process.exitCode = run.status === 'failed' ? 1 : 0;
} finally {
  await stack.stop();
}

/** One line on stderr, rewritten in place (at most 10 times a second); nothing when stderr is not a TTY. */
function progressLine() {
  const tty = process.stderr.isTTY;
  let last = 0;
  let shown = false;
  const clear = () => {
    if (shown) process.stderr.write('\r\x1b[2K');
    shown = false;
  };
  return {
    update(p: IngestProgress) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const parts = [
        `${p.phase}`,
        `${(p.bytes / 1024).toFixed(0)} kB read`,
        `${p.stations.toLocaleString('en')} stations`,
      ];
      if (p.toWrite > 0)
        parts.push(`${p.written.toLocaleString('en')}/${p.toWrite.toLocaleString('en')} items written`);
      process.stderr.write(`\r\x1b[2K${parts.join(' · ')}`);
      shown = true;
    },
    print(line: string) {
      clear();
      process.stderr.write(`${line}\n`);
    },
    done: clear,
  };
}

function summary(run: IngestRun): string {
  const rows: [string, unknown][] = [
    ['status', run.status + (run.reason ? ` (${run.reason}${run.detail ? `: ${run.detail}` : ''})` : '')],
    ['error', run.error ? `${run.error.code}: ${run.error.message}` : undefined],
    ['source', run.source],
    ['run', run.runId],
    ['duration', run.durationMs !== undefined ? `${(run.durationMs / 1000).toFixed(2)} s` : undefined],
    ['bytes', run.bytes !== undefined ? `${run.bytes} (XML ${run.xmlBytes ?? '?'})` : undefined],
    ['stations', run.stations],
    ['prices', run.prices],
    ['changed', run.changed],
    ['removed', run.removed],
    ['rejected', run.rejected],
    ['items written', run.written],
    ['flags', run.flags && Object.keys(run.flags).length ? JSON.stringify(run.flags) : undefined],
    ['snapshot', run.snapshotKey],
    ['archive', run.archiveKey],
    ['timings (ms)', run.timings ? JSON.stringify(run.timings) : undefined],
    ['warnings', Array.isArray(run.warnings) ? run.warnings.join('\n               ') : undefined],
  ];
  return rows
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k.padEnd(14)} ${v}`)
    .join('\n');
}
