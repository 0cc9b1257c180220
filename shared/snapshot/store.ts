import { gunzipSync } from 'node:zlib';
import type { PublishedData } from '../db/runs.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { type IndexedSnapshot, indexSnapshot } from './indexed.ts';

/** Where snapshots come from: the published pointer (DynamoDB) and the snapshot objects (S3). */
export interface SnapshotSource {
  pointer(): Promise<PublishedData | null>;
  /** The gzip JSON bytes of a snapshot object. */
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

export interface SnapshotStore {
  /** The current snapshot, or null while nothing has been published. Concurrent callers share one load. */
  get(): Promise<IndexedSnapshot | null>;
  /** The loaded snapshot without any check (null before the first load). */
  peek(): IndexedSnapshot | null;
}

export const SNAPSHOT_CHECK_MS = 60_000;

/**
 * Keeps the published snapshot in memory (module scope in a Lambda): at most one pointer read per
 * `checkEveryMs`, and a download + parse + index only when the pointer names another run. A failed check
 * keeps the last good snapshot in service; with none loaded yet the error propagates (→ 500, retried next call).
 */
export function createSnapshotStore(
  source: SnapshotSource,
  options: SnapshotStoreOptions = {},
): SnapshotStore {
  const checkEveryMs = options.checkEveryMs ?? SNAPSHOT_CHECK_MS;
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const now = options.now ?? (() => Date.now());
  let current: IndexedSnapshot | null = null;
  let nextCheck = Number.NEGATIVE_INFINITY;
  let inflight: Promise<IndexedSnapshot | null> | null = null;

  async function refresh(): Promise<IndexedSnapshot | null> {
    try {
      const pointer = await source.pointer();
      if (pointer && pointer.runId !== current?.version.runId) {
        const started = now();
        const bytes = await source.read(pointer.snapshotKey);
        // gzip magic: an HTTP layer that honoured Content-Encoding: gzip may already have inflated it.
        const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
        const snapshot = JSON.parse(raw.toString('utf8')) as Snapshot;
        if (!snapshot?.version?.runId || !Array.isArray(snapshot.stations))
          throw new Error(`Snapshot ${pointer.snapshotKey} is not a snapshot`);
        current = indexSnapshot(snapshot);
        options.onLoad?.({
          runId: current.version.runId,
          stations: current.stations.length,
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
