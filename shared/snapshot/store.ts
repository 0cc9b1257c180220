import type { PublishedData } from '../db/runs.ts';
import type { FeedVersion, Snapshot } from '../domain/snapshot.ts';
import { buildParts } from './parts.ts';
import { inflate, type PublishedRun, type View } from './views.ts';

/** Where snapshots come from: the published pointer (DynamoDB) and the snapshot objects (S3). */
export interface SnapshotSource {
  pointer(): Promise<PublishedData | null>;
  /** The bytes of one of the published objects (the snapshot and its parts: gzip JSON, or raw). */
  read(key: string): Promise<Uint8Array>;
}

export interface SnapshotStoreOptions {
  /** How often the pointer is checked (one small read); the snapshot is fetched only when it changed. */
  checkEveryMs?: number;
  /** After a failed check while a snapshot is loaded: keep serving it, retry after this long. */
  retryAfterMs?: number;
  now?: () => number;
  onLoad?: (info: { runId: string; stations: number; ms: number }) => void;
  onError?: (error: unknown) => void;
}

export interface SnapshotStore<T extends View> {
  /** The current view, or null while nothing has been published. Concurrent callers share one load. */
  get(): Promise<T | null>;
  /** The loaded view without any check (null before the first load). */
  peek(): T | null;
}

export const SNAPSHOT_CHECK_MS = 60_000;

/**
 * Keeps one route's view of the published snapshot in memory (module scope in a Lambda): at most one pointer
 * read per `checkEveryMs`, and `load` (that route's pre-built part, views.ts) only when the pointer names
 * another run; the view is swapped whole once loaded, so a request sees one run. A failed check or load keeps
 * the last good view in service; with none loaded yet the error propagates (→ 500, retried next call).
 */
export function createSnapshotStore<T extends View>(
  source: SnapshotSource,
  load: (run: PublishedRun) => Promise<T>,
  options: SnapshotStoreOptions = {},
): SnapshotStore<T> {
  const checkEveryMs = options.checkEveryMs ?? SNAPSHOT_CHECK_MS;
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const now = options.now ?? (() => Date.now());
  let current: T | null = null;
  let nextCheck = Number.NEGATIVE_INFINITY;
  let inflight: Promise<T | null> | null = null;

  async function refresh(): Promise<T | null> {
    try {
      const pointer = await source.pointer();
      if (pointer && pointer.runId !== current?.version.runId) {
        const started = now();
        current = await load(await publishedRun(source, pointer));
        options.onLoad?.({
          runId: current.version.runId,
          stations: pointer.stations,
          ms: now() - started,
        });
      }
      // A pointer that disappeared (table reset) leaves the last snapshot in service. While nothing is
      // published, look again sooner: the first ingest should not wait a minute to be served.
      nextCheck = now() + (current ? checkEveryMs : retryAfterMs);
      return current;
    } catch (error) {
      if (!current) throw error;
      options.onError?.(error);
      nextCheck = now() + retryAfterMs;
      return current;
    }
  }

  return {
    get() {
      if (now() < nextCheck) return Promise.resolve(current);
      inflight ??= refresh().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    peek: () => current,
  };
}

/** The run a pointer names, with its parts; for a run published before parts existed, built from its snapshot. */
async function publishedRun(source: SnapshotSource, pointer: PublishedData): Promise<PublishedRun> {
  const version: FeedVersion = {
    runId: pointer.runId,
    feedHash: pointer.feedHash,
    feedTime: pointer.feedTime,
    publishedAt: pointer.publishedAt,
  };
  if (pointer.parts) return { version, layout: pointer.parts, read: (key) => source.read(key) };
  // Until the first ingest after a deployment that introduced parts: the old cost (~0.7 s), once per run.
  const snapshot = JSON.parse(inflate(await source.read(pointer.snapshotKey)).toString('utf8')) as Snapshot;
  if (!snapshot?.version?.runId || !Array.isArray(snapshot.stations))
    throw new Error(`Snapshot ${pointer.snapshotKey} is not a snapshot`);
  const { layout, parts } = buildParts(snapshot.version, snapshot.stations);
  const bytes = new Map(parts.map((p) => [p.key, p.body]));
  return {
    version: snapshot.version,
    layout,
    read: async (key) => {
      const body = bytes.get(key);
      if (!body) throw new Error(`No part ${key}`);
      return body;
    },
  };
}
