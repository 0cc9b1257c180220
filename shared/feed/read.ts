import type { Station } from '#shared/domain/station.ts';
import { type FeedOptions, FeedParser } from './parser.ts';
import type { FeedSummary } from './summary.ts';

/**
 * Raw bytes parsed at once: 64 KiB of ZIP is ~800 KB of XML, ~700 stations waiting in a batch at most.
 * Smaller slices cost fflate more calls and buffer growth (16 KiB was ~0.015 of the bench:parse ratio).
 */
const SLICE_BYTES = 64 * 1024;

/** Raw feed bytes: a Node Readable, a fetch body, a file stream, or an array of chunks. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface ReadOptions extends FeedOptions {
  /**
   * Sees every raw chunk, in order, before it is parsed: tee the bytes here (archive upload, SHA-256 of
   * your own). A returned promise is awaited before reading on, so a slow sink slows the read.
   */
  onBytes?: (chunk: Uint8Array) => void | Promise<void>;
}

export interface ParseFeedOptions extends ReadOptions {
  /**
   * Called once per station, in feed order, never concurrently: a returned promise is awaited before the
   * next call (backpressure). Records are only final once parseFeed resolves: on a rejection, drop them.
   */
  onStation: (station: Station) => void | Promise<void>;
}

/**
 * Reads a whole feed (ZIP or XML) and calls `onStation` for each station. Resolves with the summary once
 * every byte has been read and checked; rejects with a FeedError otherwise.
 */
export async function parseFeed(source: ByteSource, options: ParseFeedOptions): Promise<FeedSummary> {
  const { onStation, onBytes } = options;
  // A synchronous onStation is called as each station completes (nothing waits in memory); once one
  // returns a promise, the next stations queue until it settles, so calls never overlap.
  let pending: Promise<void> | null = null;
  const queue: Station[] = [];
  const parser = new FeedParser((station) => {
    if (pending) queue.push(station);
    else pending = onStation(station) || null;
  }, options);
  const drain = async () => {
    let next = 0;
    while (pending) {
      await pending;
      pending = null;
      while (next < queue.length && !pending) pending = onStation(queue[next++] as Station) || null;
    }
    queue.length = 0;
  };
  for await (const chunk of source) {
    if (onBytes) {
      const wait = onBytes(chunk);
      if (wait) await wait;
    }
    // Slices bound the queue even when the source hands over the whole file at once.
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      parser.write(chunk.subarray(at, at + SLICE_BYTES));
      if (pending) await drain();
    }
  }
  const summary = parser.end();
  if (pending) await drain();
  return summary;
}

/**
 * The same as an async generator: yields stations one at a time and returns the summary, e.g.
 * ```ts
 * const feed = readFeed(body);
 * for (let r = await feed.next(); ; r = await feed.next()) { if (r.done) { summary = r.value; break } … }
 * ```
 * A `for await` loop works too but drops the summary. The generator throws a FeedError on a bad feed;
 * breaking out early stops reading the source.
 */
export async function* readFeed(
  source: ByteSource,
  options: ReadOptions = {},
): AsyncGenerator<Station, FeedSummary> {
  const batch: Station[] = [];
  const parser = new FeedParser((station) => batch.push(station), options);
  for await (const chunk of source) {
    if (options.onBytes) {
      const pending = options.onBytes(chunk);
      if (pending) await pending;
    }
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      parser.write(chunk.subarray(at, at + SLICE_BYTES));
      for (let i = 0; i < batch.length; i++) yield batch[i] as Station;
      batch.length = 0;
    }
  }
  const summary = parser.end();
  for (let i = 0; i < batch.length; i++) yield batch[i] as Station;
  return summary;
}
