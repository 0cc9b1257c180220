import { type PublishedData, refreshPointerValidators } from '../db/runs.ts';
import type { NamesCoverage } from '../domain/names.ts';
import type { FeedSummary } from '../feed/index.ts';
import { type Collected, createCollector } from './diff.ts';
import { IngestError, SourceError } from './errors.ts';
import { type JoinNames, namesJoiner, sameNames } from './names.ts';
import { type PassState, readPass } from './read.ts';
import { checkpoint, progress, type RunContext, warn } from './run-context.ts';
import { deleteKeys } from './snapshot.ts';
import { describeSource, hashFile, openSource } from './source.ts';

/**
 * A feed read in full: the reader's summary, the stations collected (names joined), the names' coverage
 * over them, and the validators the server sent.
 */
export interface FetchedFeed {
  summary: FeedSummary;
  collected: Collected;
  names: NamesCoverage;
  etag?: string;
  lastModified?: string;
}

/**
 * Step "fetch & parse": reads the first source that answers (archive + parse + hash in one pass, each
 * station joined with its name on the way) and puts the feed's figures on the run. Null when the source
 * says its content is unchanged (a 304, or a file with the published hash) and the names joined are the
 * published ones: the run is then skipped.
 */
export async function fetchAndParse(
  ctx: RunContext,
  published: PublishedData | null,
  names: JoinNames,
): Promise<FetchedFeed | null> {
  const read = await ctx.timer.time('read', () => readFirstSource(ctx, published, names));
  if ('unchanged' in read) {
    Object.assign(ctx.run, { status: 'skipped', reason: 'unchanged', detail: read.unchanged });
    return null;
  }
  const { summary, collected } = read;
  ctx.run.names = read.names;
  Object.assign(ctx.run, {
    feedHash: summary.sha256,
    xmlBytes: summary.xmlBytes,
    stations: collected.stations.size,
    prices: collected.prices,
    rejected: summary.rejected,
    flags: flagCounts(summary, collected),
    feedTime: collected.newestPrice,
  });
  return read;
}

/**
 * The end of "fetch & parse" for bytes equal to what is published, joined with the same names (and no
 * force): drops the archive copy, writes nothing, skips the run. If the server now names these bytes with
 * other validators (regenerated file), remembers them so the next request can be a 304. Same bytes with
 * other names go on to be published: the stations whose name moved are rewritten.
 */
export async function skipIfPublished(
  ctx: RunContext,
  feed: FetchedFeed,
  published: PublishedData | null,
  names: JoinNames,
): Promise<boolean> {
  const { deps, run } = ctx;
  if (ctx.options.force || published?.feedHash !== feed.summary.sha256 || !sameNames(published, names))
    return false;
  if (run.archiveKey) await deleteKeys(deps.s3, deps.archiveBucket, [String(run.archiveKey)]);
  Object.assign(run, { status: 'skipped', reason: 'unchanged', detail: 'same SHA-256', archiveKey: null });
  const validators = feedValidators(ctx, feed);
  const moved =
    validators.feedSource !== published.feedSource ||
    validators.feedEtag !== published.feedEtag ||
    validators.feedLastModified !== published.feedLastModified;
  if (moved && (validators.feedEtag || validators.feedLastModified)) {
    await refreshPointerValidators(deps.table, published.runId, validators).catch((error: Error) =>
      warn(run, `validators not recorded: ${error.message}`),
    );
  }
  return true;
}

/** The source this run read and how its server named the bytes, as the pointer records them. */
export function feedValidators(ctx: RunContext, feed: FetchedFeed) {
  return {
    feedSource: ctx.run.source as string,
    feedEtag: feed.etag,
    feedLastModified: feed.lastModified,
  };
}

type ReadOutcome = { unchanged: string } | FetchedFeed;

/**
 * Tries each source in order. A source that cannot be read (status, network, timeout, missing file) is
 * logged and the next one is tried; a source that answers with bad content ends the run (that content is
 * what upstream serves: papering over it with an older local file would hide the incident).
 */
async function readFirstSource(
  ctx: RunContext,
  published: PublishedData | null,
  names: JoinNames,
): Promise<ReadOutcome> {
  const { deps, options, limits, logger, run } = ctx;
  // Other names than the published ones: the same bytes must be read and published again, so no 304.
  const mayBeUnchanged = !(options.force ?? false) && sameNames(published, names);
  const attempts: { source: string; error?: string }[] = [];
  run.attempts = attempts;
  for (const source of options.sources) {
    const name = describeSource(source);
    const state: PassState = { archiveKey: null, archived: false, bytes: 0 };
    const collector = createCollector();
    const joiner = namesJoiner(names);
    try {
      const sameSource = mayBeUnchanged && published?.feedSource === name;
      const opened = await openSource(source, {
        timeoutMs: limits.fetchTimeoutMs,
        maxBytes: limits.maxBytes,
        conditional: sameSource
          ? { etag: published?.feedEtag, lastModified: published?.feedLastModified }
          : undefined,
      });
      run.source = name;
      attempts.push({ source: name });
      const previousFailure = attempts.at(-2);
      if (previousFailure) {
        logger.warn(
          `${label(previousFailure.source)} unreachable (${previousFailure.error}), using ${label(name)} ${name}`,
          { runId: run.runId, attempts },
        );
      }
      if (opened.notModified) return { unchanged: 'HTTP 304 Not Modified' };
      if (
        opened.kind === 'file' &&
        published &&
        mayBeUnchanged &&
        (await hashFile(source)) === published.feedHash
      ) {
        return { unchanged: 'same SHA-256 (file checked before reading)' };
      }
      const summary = await readPass(
        opened.body,
        {
          s3: deps.s3,
          archiveBucket: deps.archiveBucket,
          runId: run.runId,
          startedAt: new Date(run.startedAt),
          sourceName: name,
          maxBytes: limits.maxBytes,
          maxXmlBytes: limits.maxXmlBytes,
          onStation: (station) => {
            collector.add(joiner.apply(station));
          },
          onBytes: (bytes) => progress(ctx, 'read', { bytes, stations: collector.size }),
          checkpoint: () => checkpoint(ctx, 'read'),
        },
        state,
      );
      Object.assign(run, { bytes: state.bytes, archiveKey: state.archiveKey });
      return {
        summary,
        collected: collector.result(),
        names: joiner.coverage(),
        etag: opened.etag,
        lastModified: opened.lastModified,
      };
    } catch (error) {
      // An aborted upload left nothing, or a partial object: remove it (no-op if absent).
      if (state.archiveKey && !state.archived)
        await deleteKeys(deps.s3, deps.archiveBucket, [state.archiveKey]);
      if (!(error instanceof SourceError)) {
        // Bad content, the cap, the budget: end the run; a complete archive is kept as evidence.
        Object.assign(run, { bytes: state.bytes, archiveKey: state.archived ? state.archiveKey : null });
        throw error;
      }
      delete run.source;
      const last = attempts.at(-1);
      if (last?.source === name) last.error = error.reason;
      else attempts.push({ source: name, error: error.reason });
      logger.info(`feed source failed: ${name} (${error.reason})`, {
        runId: run.runId,
        source: name,
        reason: error.reason,
      });
    }
  }
  throw new IngestError(
    'SOURCE_UNAVAILABLE',
    `no source could be read: ${attempts.map((a) => `${a.source} (${a.error})`).join('; ') || 'none given'}`,
  );
}

function flagCounts(summary: FeedSummary, collected: Collected): Record<string, number> {
  const flags: Record<string, number> = {};
  for (const [flag, stats] of Object.entries(summary.flags)) if (stats) flags[flag] = stats.count;
  // The reader yields one record per id; a repeat that got through anyway is counted here.
  if (collected.duplicates > 0) flags['duplicate-id'] = (flags['duplicate-id'] ?? 0) + collected.duplicates;
  return flags;
}

function label(source: string): string {
  return /^https?:/.test(source) ? 'feed URL' : 'local file';
}
