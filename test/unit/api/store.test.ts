import { describe, expect, test, vi } from 'vitest';
import type { PublishedData } from '#shared/db/runs.ts';
import { createSnapshotStore, type SnapshotSource } from '#shared/snapshot/store.ts';
import { loadStationsView } from '#shared/snapshot/views.ts';
import { publishedObjects, snapshotOf } from '../../helpers/snapshot.ts';

function pointer(runId: string, withParts = true): PublishedData {
  return {
    runId,
    snapshotKey: `snapshot/${runId}.json.gz`,
    feedHash: `hash-${runId}`,
    feedTime: '2025-07-28T15:00:04+02:00',
    publishedAt: '2025-07-28T13:10:00.000Z',
    stations: 10,
    prices: 10,
    ...(withParts ? { parts: publishedObjects(snapshotOf(runId)).parts } : {}),
  };
}

function fakeSource(initial: string | null, withParts = true) {
  let current = initial;
  const source = {
    pointer: vi.fn(async () => (current ? pointer(current, withParts) : null)),
    read: vi.fn(async (key: string) => {
      const runId = /^snapshot\/([^/.]+)/.exec(key)?.[1] ?? '';
      const body = publishedObjects(snapshotOf(runId)).objects.get(key);
      if (!body) throw new Error(`NoSuchKey ${key}`);
      return body;
    }),
  } satisfies SnapshotSource;
  return { source, publish: (runId: string) => (current = runId) };
}

describe('snapshot store', () => {
  test('loads once, then reads the pointer at most once a minute and reloads only on a new run', async () => {
    let now = 0;
    const { source, publish } = fakeSource('run-1');
    const store = createSnapshotStore(source, loadStationsView, { now: () => now });

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
    expect(source.read).toHaveBeenCalledTimes(2);
    expect((await loaded?.find('69000002'))?.station.address).toBe('10 Quai Saint-Vincent');
  });

  test('a route loads its own part only (the ids), never the whole snapshot; a station costs one shard', async () => {
    const { source } = fakeSource('run-1');
    const store = createSnapshotStore(source, loadStationsView);
    const view = await store.get();
    expect(source.read.mock.calls.map(([key]) => key)).toEqual(['snapshot/run-1/ids.json.gz']);
    await view?.find('69000002');
    await view?.find('69000003');
    expect(source.read.mock.calls.map(([key]) => key)).toEqual([
      'snapshot/run-1/ids.json.gz',
      'snapshot/run-1/shard-0.json.gz',
    ]);
    expect(await view?.find('99999999')).toBeNull();
  });

  test('a pointer from before parts existed: the snapshot is read and its parts built in memory', async () => {
    const { source } = fakeSource('run-1', false);
    const view = await createSnapshotStore(source, loadStationsView).get();
    expect(source.read.mock.calls.map(([key]) => key)).toEqual(['snapshot/run-1.json.gz']);
    expect((await view?.find('69000002'))?.station.address).toBe('10 Quai Saint-Vincent');
  });

  test('concurrent first calls share one load', async () => {
    const { source } = fakeSource('run-1');
    const store = createSnapshotStore(source, loadStationsView);
    const all = await Promise.all(Array.from({ length: 20 }, () => store.get()));
    expect(new Set(all).size).toBe(1);
    expect(source.read).toHaveBeenCalledTimes(1);
  });

  test('nothing published: null, checked again after a few seconds (not a minute)', async () => {
    let now = 0;
    const { source, publish } = fakeSource(null);
    const store = createSnapshotStore(source, loadStationsView, { now: () => now });
    expect(await store.get()).toBeNull();
    publish('run-1');
    now = 6_000;
    expect((await store.get())?.version.runId).toBe('run-1');
  });

  test('a failing check keeps the loaded snapshot in service; with none loaded the error surfaces', async () => {
    let now = 0;
    const { source, publish } = fakeSource('run-1');
    const onError = vi.fn();
    const store = createSnapshotStore(source, loadStationsView, { now: () => now, onError });
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
    await expect(createSnapshotStore(broken.source, loadStationsView).get()).rejects.toThrow('DynamoDB down');
  });

  test('a shard that fails to load fails that request only, and is read again by the next', async () => {
    const { source } = fakeSource('run-1');
    const view = await createSnapshotStore(source, loadStationsView).get();
    source.read.mockRejectedValueOnce(new Error('S3 down'));
    await expect(view?.find('69000002')).rejects.toThrow('S3 down');
    expect((await view?.find('69000002'))?.station.id).toBe('69000002');
  });
});
