import { describe, expect, test, vi } from 'vitest';
import type { PublishedData } from '#shared/db/runs.ts';
import { createSnapshotStore, type SnapshotSource } from '#shared/snapshot/store.ts';
import { gzipped, snapshotOf } from './fixtures.ts';

function pointer(runId: string): PublishedData {
  return {
    runId,
    snapshotKey: `snapshot/${runId}.json.gz`,
    feedHash: 'h',
    feedTime: null,
    publishedAt: '2025-07-28T13:10:00.000Z',
    stations: 10,
    prices: 10,
  };
}

function fakeSource(initial: string | null) {
  let current = initial;
  const source = {
    pointer: vi.fn(async () => (current ? pointer(current) : null)),
    read: vi.fn(async (key: string) => gzipped(snapshotOf(key.replace(/^snapshot\/|\.json\.gz$/g, '')))),
  } satisfies SnapshotSource;
  return { source, publish: (runId: string) => (current = runId) };
}

describe('snapshot store', () => {
  test('loads once, then reads the pointer at most once a minute and reloads only on a new run', async () => {
    let now = 0;
    const { source, publish } = fakeSource('run-1');
    const store = createSnapshotStore(source, { now: () => now });

    expect((await store.get())?.version.runId).toBe('run-1');
    for (let i = 0; i < 100; i++) await store.get();
    expect(source.pointer).toHaveBeenCalledTimes(1);
    expect(source.read).toHaveBeenCalledTimes(1);

    now = 61_000; // same run: one pointer read, no download
    expect((await store.get())?.version.runId).toBe('run-1');
    expect(source.pointer).toHaveBeenCalledTimes(2);
    expect(source.read).toHaveBeenCalledTimes(1);

    publish('run-2');
    now = 90_000; // within the minute: still the old one
    expect((await store.get())?.version.runId).toBe('run-1');
    now = 122_000;
    const loaded = await store.get();
    expect(loaded?.version.runId).toBe('run-2');
    expect(loaded?.stations.length).toBe(10);
    expect(source.read).toHaveBeenCalledTimes(2);
  });

  test('concurrent first calls share one load', async () => {
    const { source } = fakeSource('run-1');
    const store = createSnapshotStore(source);
    const all = await Promise.all(Array.from({ length: 20 }, () => store.get()));
    expect(new Set(all).size).toBe(1);
    expect(source.read).toHaveBeenCalledTimes(1);
  });

  test('nothing published: null, checked again after a few seconds (not a minute)', async () => {
    let now = 0;
    const { source, publish } = fakeSource(null);
    const store = createSnapshotStore(source, { now: () => now });
    expect(await store.get()).toBeNull();
    publish('run-1');
    now = 6_000;
    expect((await store.get())?.version.runId).toBe('run-1');
  });

  test('a failing check keeps the loaded snapshot in service; with none loaded the error surfaces', async () => {
    let now = 0;
    const { source, publish } = fakeSource('run-1');
    const onError = vi.fn();
    const store = createSnapshotStore(source, { now: () => now, onError });
    await store.get();
    publish('run-2');
    source.read.mockRejectedValueOnce(new Error('S3 down'));
    now = 61_000;
    expect((await store.get())?.version.runId).toBe('run-1');
    expect(onError).toHaveBeenCalledTimes(1);
    now = 67_000; // retried 5 s later
    expect((await store.get())?.version.runId).toBe('run-2');

    const broken = fakeSource('run-1');
    broken.source.pointer.mockRejectedValueOnce(new Error('DynamoDB down'));
    await expect(createSnapshotStore(broken.source).get()).rejects.toThrow('DynamoDB down');
  });
});
