/**
 * Reads a feed (file, URL or - for stdin) and writes one normalized station per line to stdout.
 *   npm run feed -- ../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip [--format ndjson|csv]
 *   npm run feed -- https://donnees.roulez-eco.fr/opendata/instantane --format csv | head
 * A one-line JSON summary goes to stderr. Exit codes: 0 ok, 1 bad feed or download, 2 bad usage.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Station } from '#shared/domain/station.ts';
import { type ByteSource, FEED_CSV_HEADER, parseFeed, stationToCsv } from '#shared/feed/index.ts';

const USAGE = 'usage: npm run feed -- <file|url|-> [--format ndjson|csv] [--timeout <seconds>]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string', default: 'ndjson' },
    timeout: { type: 'string', default: '60' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const input = positionals[0];
const format = values.format;
const timeoutSeconds = Number(values.timeout);
if (
  positionals.length !== 1 ||
  !input ||
  (format !== 'ndjson' && format !== 'csv') ||
  !(timeoutSeconds > 0)
) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

/** Batches lines into ~64 KB writes and waits for 'drain' when stdout's buffer is full. */
class LineWriter {
  private buffer = '';

  write(line: string): Promise<void> | undefined {
    this.buffer += line;
    if (this.buffer.length < 65536) return undefined;
    return this.flush();
  }

  flush(): Promise<void> | undefined {
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk === '' || process.stdout.write(chunk)) return undefined;
    return new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

async function openSource(target: string, signal: AbortSignal): Promise<ByteSource> {
  if (target === '-') return process.stdin;
  if (!/^https?:\/\//i.test(target)) return createReadStream(target, { highWaterMark: 64 * 1024 });
  const response = await fetch(target, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]),
  });
  if (!response.ok || !response.body) {
    throw new Error(`GET ${target}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  return response.body;
}

const stopped = new AbortController();
// `| head` closes the pipe: stop reading quietly, that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    stopped.abort();
    process.exit(0);
  }
  throw error;
});

const out = new LineWriter();
const toLine =
  format === 'csv' ? (s: Station) => `${stationToCsv(s)}\n` : (s: Station) => `${JSON.stringify(s)}\n`;
if (format === 'csv') out.write(`${FEED_CSV_HEADER}\n`);

try {
  const source = await openSource(input, stopped.signal);
  const summary = await parseFeed(source, {
    signal: stopped.signal,
    onStation: (station) => out.write(toLine(station)),
  });
  await out.flush();
  const { rejects, ...counts } = summary;
  process.stderr.write(`${JSON.stringify({ ...counts, rejects: rejects.slice(0, 10) })}\n`);
} catch (error) {
  await out.flush();
  const name = error instanceof Error ? error.name : '';
  const message =
    name === 'TimeoutError' || (name === 'AbortError' && !stopped.signal.aborted)
      ? `no complete answer within ${timeoutSeconds} s`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`feed: ${input}: ${message}\n`);
  process.exitCode = 1;
}
