import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Table } from '../db/client.ts';
import { type NamesRun, saveNamesRun } from '../db/names-runs.ts';
import { type ArchiveUpload, startArchiveUpload, writeTo } from '../ingest/archive.ts';
import { SourceError } from '../ingest/errors.ts';
import { describeSource, openSource } from '../ingest/source.ts';
import type { IngestLogger } from '../ingest/types.ts';
import { NAMES } from '../platform.ts';
import { type Brands, loadBrands } from './brands.ts';
import { NamesError } from './errors.ts';
import { readNames } from './read.ts';
import { getNamesTable, putNamesTable } from './store.ts';
import { type BuiltNames, buildNamesTable, validateNames } from './table.ts';

export type { NamesRun } from '../db/names-runs.ts';

// The same structured logger the ingest takes (Powertools Logger fits both).
type NamesLogger = IngestLogger;

export interface NamesDeps {
  table: Table;
  s3: S3Client;
  archiveBucket: string;
  dataBucket: string;
  /** Defaults to a Powertools Logger with service name `names`. */
  logger?: NamesLogger;
  /** The brand matcher (tests may pass one); defaults to the NSI one, built once per process. */
  brands?: () => Brands;
}

export interface NamesLimits {
  /** Time to get response headers, and the longest pause between two chunks. */
  timeoutMs: number;
  /** Bytes read from a source (the bz2 export is a few MB). */
  maxBytes: number;
  /** Decompressed bytes. */
  maxTextBytes: number;
}

const NAMES_LIMITS: NamesLimits = Object.freeze({
  timeoutMs: 15_000,
  maxBytes: 64 * 1024 * 1024,
  maxTextBytes: 512 * 1024 * 1024,
});

export interface NamesOptions {
  /** URLs or file paths, tried in order until one can be opened (NAMES_URL, then NAMES_FILE locally). */
  sources: readonly string[];
  /** 'schedule', 'deploy', 'start', 'test'… */
  trigger?: string;
  limits?: Partial<NamesLimits>;
  now?: () => Date;
}

/** Content the names function refuses: the file was read, and it is not one to publish. */
const REFUSED = new Set(['EMPTY', 'NOT_CSV', 'NO_ID_COLUMN', 'NO_IDS', 'SHRUNK', 'TOO_LARGE']);

let defaultLogger: Logger | undefined;

/**
 * One refresh of the names table (docs/NAMES.md, "Runs"): read the first source that opens, store its raw
 * bytes in the archive bucket (streamed), build the table from the stored copy, validate it against the
 * last good table, and publish it only when valid and changed. Never throws: the outcome (succeeded,
 * unchanged, refused, failed, with reason, counts and source) is recorded in the table, logged, and
 * returned. A refused or failed run leaves the published table as it was.
 */
export async function runNamesRefresh(deps: NamesDeps, options: NamesOptions): Promise<NamesRun> {
  const clock = options.now ?? (() => new Date());
  const limits = { ...NAMES_LIMITS, ...options.limits };
  defaultLogger ??= deps.logger ? undefined : new Logger({ serviceName: 'names' });
  const logger = deps.logger ?? (defaultLogger as Logger);
  const started = clock();
  const run: NamesRun = {
    runId: `${started.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`,
    startedAt: started.toISOString(),
    trigger: options.trigger ?? 'manual',
    status: 'running',
    attempts: [],
  };
  try {
    const lastGood = await getNamesTable(deps.s3, deps.dataBucket);
    run.previousVersion = lastGood?.version ?? null;
    if (lastGood) run.previousIds = Object.keys(lastGood.entries).length;
    const built = await readFirstSource(deps, options.sources, limits, run, logger, started);
    const { table } = built;
    Object.assign(run, {
      rows: table.rows,
      rowsWithId: table.rowsWithId,
      ids: Object.keys(table.entries).length,
      invalidIds: built.invalidIds,
      duplicateIds: table.duplicateIds,
      brands: built.brands,
      version: table.version,
    });
    const verdict = validateNames(table, lastGood);
    if (!verdict.ok) throw new NamesError(verdict.code, verdict.message);
    if (lastGood?.version === table.version) run.status = 'unchanged';
    else {
      await putNamesTable(deps.s3, deps.dataBucket, table);
      run.status = 'succeeded';
    }
  } catch (error) {
    const code = error instanceof NamesError ? error.code : 'INTERNAL';
    const message = error instanceof Error ? `${error.message}` : String(error);
    run.status = REFUSED.has(code) ? 'refused' : 'failed';
    run.error = { code, message: code === 'INTERNAL' ? `${(error as Error).name}: ${message}` : message };
  }
  const finished = clock();
  run.finishedAt = finished.toISOString();
  run.durationMs = finished.getTime() - started.getTime();
  await saveNamesRun(deps.table, run).catch((error: Error) => {
    logger.error('names run record not saved', { runId: run.runId, reason: error.message });
  });
  const line = { run };
  if (run.status === 'failed' || run.status === 'refused') {
    logger.error(`names ${run.status}: ${run.error?.code}: ${run.error?.message}`, line);
  } else logger.info(`names ${run.status}: ${run.ids} ids from ${run.source}`, line);
  return run;
}

/** How a run record and the table name a source: URLs without their query, files by name (no local path). */
function sourceName(source: string): string {
  return /^https?:\/\//i.test(source) ? describeSource(source) : basename(source);
}

/**
 * Tries each source in order. One that cannot be read (status, network, timeout, missing file, a body that
 * stalls) is noted and the next is tried; one that answers with content is the run's, good or bad (a bad
 * file upstream is an incident to see, not to paper over with an older local copy).
 */
async function readFirstSource(
  deps: NamesDeps,
  sources: readonly string[],
  limits: NamesLimits,
  run: NamesRun,
  logger: NamesLogger,
  startedAt: Date,
): Promise<BuiltNames> {
  const attempts = run.attempts ?? [];
  for (const source of sources) {
    const name = sourceName(source);
    try {
      const opened = await openSource(source, {
        timeoutMs: limits.timeoutMs,
        maxBytes: limits.maxBytes,
      }).catch((error: Error & { code?: string }) => {
        if (error.code === 'TOO_LARGE') throw new NamesError('TOO_LARGE', error.message);
        throw error;
      });
      if (opened.notModified) throw new SourceError('unexpected 304'); // no conditional request is made
      const stored = await archive(deps, opened.body, run, name, startedAt, limits.maxBytes);
      attempts.push({ source: name });
      run.source = name;
      run.archiveKey = stored.key;
      run.bytes = stored.bytes;
      const failed = attempts.at(-2);
      if (failed)
        logger.warn(`names: ${failed.source} unreachable (${failed.error}), read ${name}`, { attempts });
      if (!stored.key) throw new NamesError('EMPTY', 'the names file is empty (0 bytes)');
      return await buildNamesTable(
        readNames(await readArchived(deps, stored.key), { maxTextBytes: limits.maxTextBytes }),
        {
          brands: (deps.brands ?? loadBrands)(),
          source: name,
          fetchedAt: startedAt.toISOString(),
        },
      );
    } catch (error) {
      // A body that failed midway aborted its upload (archive()): nothing partial is left behind.
      if (!(error instanceof SourceError)) throw error;
      attempts.push({ source: name, error: error.reason });
      logger.info(`names source failed: ${name} (${error.reason})`, { runId: run.runId, source: name });
    }
  }
  throw new NamesError(
    'SOURCE_UNAVAILABLE',
    `no source could be read: ${attempts.map((a) => `${a.source} (${a.error})`).join('; ') || 'none given'}`,
  );
}

/**
 * Streams the source into `names/raw/YYYY-MM-DD/HHMMSSZ-<run>.csv[.bz2]` (started on the first chunk, so
 * an empty body stores nothing), counting bytes against the cap. The raw file is kept whatever the
 * verdict: the evidence of what upstream served.
 */
async function archive(
  deps: NamesDeps,
  body: AsyncIterable<Uint8Array>,
  run: NamesRun,
  source: string,
  startedAt: Date,
  maxBytes: number,
): Promise<{ key: string | null; bytes: number }> {
  let upload: ArchiveUpload | null = null;
  let bytes = 0;
  let failure: unknown = null;
  try {
    for await (const chunk of body) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw new NamesError('TOO_LARGE', `more than ${maxBytes} bytes read (cap)`);
      if (!upload) {
        const key = rawKey(run.runId, startedAt, chunk);
        upload = startArchiveUpload(deps.s3, deps.archiveBucket, key, { 'run-id': run.runId, source });
        upload.done.catch((error: unknown) => {
          failure = error;
        });
      }
      await writeTo(upload.stream, chunk, upload.done);
      if (failure) throw archiveFailed(failure);
    }
  } catch (error) {
    await (upload as ArchiveUpload | null)?.abort();
    throw error;
  }
  const done = upload as ArchiveUpload | null;
  if (!done) return { key: null, bytes };
  done.stream.end();
  await done.done.catch((error: unknown) => {
    throw archiveFailed(error);
  });
  return { key: done.key, bytes };
}

function rawKey(runId: string, startedAt: Date, head: Uint8Array): string {
  const iso = startedAt.toISOString();
  const time = `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const bz2 = Buffer.from(head.subarray(0, 3)).toString('latin1') === 'BZh';
  return `${NAMES.rawPrefix}${iso.slice(0, 10)}/${time}-${runId.split('-').pop()}.csv${bz2 ? '.bz2' : ''}`;
}

async function readArchived(deps: NamesDeps, key: string): Promise<AsyncIterable<Uint8Array>> {
  const res = await deps.s3.send(new GetObjectCommand({ Bucket: deps.archiveBucket, Key: key }));
  if (!res.Body) throw new Error(`s3://${deps.archiveBucket}/${key} has no body`);
  return res.Body as AsyncIterable<Uint8Array>;
}

function archiveFailed(error: unknown): NamesError {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new NamesError('ARCHIVE_FAILED', `could not store the raw file: ${message}`, { cause: error });
}
