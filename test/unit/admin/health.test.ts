import { describe, expect, test } from 'vitest';
import { buildHealth, flagExamples, quirksOf, runRow } from '#shared/admin/health.ts';
import type { IngestRun, PublishedData } from '#shared/db/runs.ts';

const now = new Date('2025-07-28T13:00:00.000Z');

function run(startedAt: string, extra: Partial<IngestRun> = {}): IngestRun {
  return { runId: `r-${startedAt}`, status: 'succeeded', startedAt, ...extra };
}

const published: PublishedData = {
  runId: 'r-2025-07-28T12:45:00.000Z',
  snapshotKey: 'snapshot/x.json.gz',
  feedHash: 'abc',
  feedTime: '2025-07-28T12:30:00.000Z',
  publishedAt: '2025-07-28T12:46:00.000Z',
  stations: 10_007,
  prices: 33_646,
};

describe('buildHealth', () => {
  // Newest first, as listRuns returns them.
  const runs = [
    run('2025-07-28T12:59:00.000Z', { status: 'running' }),
    run('2025-07-28T12:50:00.000Z', { status: 'skipped', reason: 'locked', durationMs: 40 }),
    run('2025-07-28T12:45:00.000Z', {
      durationMs: 9000,
      stations: 10_007,
      prices: 33_646,
      changed: 812,
      written: 1650,
      rejected: 3,
      flags: { 'no-price': 212, 'coords-missing': 4, 'hours-placeholder': 0 },
      warnings: ['w'],
      trigger: 'schedule',
    }),
    run('2025-07-28T12:30:00.000Z', {
      status: 'failed',
      durationMs: 1200,
      error: { code: 'SOURCE_UNAVAILABLE', message: 'no source could be read' },
    }),
  ];

  test('data age, counts by status, newest runs first', () => {
    const h = buildHealth(runs, published, null, now);
    expect(h.now).toBe(now.toISOString());
    expect(h.data).toEqual({
      status: 'ok',
      staleAfterSeconds: 7200,
      runId: published.runId,
      publishedAt: published.publishedAt,
      ageSeconds: 14 * 60,
      feedTime: published.feedTime,
      feedAgeSeconds: 30 * 60,
      stations: 10_007,
      prices: 33_646,
    });
    expect(h.counts).toEqual({ running: 1, skipped: 1, succeeded: 1, failed: 1 });
    expect(h.runs.map((r) => r.status)).toEqual(['running', 'skipped', 'succeeded', 'failed']);
  });

  test('nothing published: empty, no ages', () => {
    const h = buildHealth([], null, null, now);
    expect(h.data).toMatchObject({ status: 'empty', runId: null, ageSeconds: null, feedAgeSeconds: null });
    expect(h.runs).toEqual([]);
    expect(h.quirks).toBeNull();
    expect(h.series).toEqual({ startedAt: [], durationMs: [], changed: [] });
  });

  test('chart series: oldest first, finished runs only, changed null where there was no diff', () => {
    const { series } = buildHealth(runs, published, null, now);
    expect(series.startedAt).toEqual(
      ['12:30', '12:45', '12:50'].map((t) => Date.parse(`2025-07-28T${t}:00.000Z`) / 1000),
    );
    expect(series.durationMs).toEqual([1200, 9000, 40]);
    expect(series.changed).toEqual([null, 812, null]);
  });

  test('quirks: the newest run that read a feed, most frequent first, zero counts dropped, examples attached', () => {
    const q = buildHealth(
      runs,
      published,
      { runId: published.runId, byFlag: { 'no-price': ['1', '2'], 'price-outlier': ['9'] } },
      now,
    ).quirks;
    expect(q).toEqual({
      runId: 'r-2025-07-28T12:45:00.000Z',
      startedAt: '2025-07-28T12:45:00.000Z',
      rejected: 3,
      flags: [
        { flag: 'no-price', count: 212, examples: ['1', '2'] },
        { flag: 'coords-missing', count: 4, examples: [] },
      ],
      examplesFrom: published.runId,
    });
    expect(quirksOf([run('2025-07-28T12:00:00.000Z')], null)).toBeNull();
  });
});

describe('runRow', () => {
  test('known fields only; absent ones are null, never undefined', () => {
    const row = runRow(
      run('2025-07-28T12:00:00.000Z', { status: 'failed', bytes: 'x' as unknown as number }),
    );
    expect(row).toEqual({
      runId: 'r-2025-07-28T12:00:00.000Z',
      startedAt: '2025-07-28T12:00:00.000Z',
      finishedAt: null,
      status: 'failed',
      trigger: null,
      reason: null,
      durationMs: null,
      bytes: null,
      stations: null,
      prices: null,
      changed: null,
      written: null,
      rejected: null,
      flags: {},
      warnings: 0,
      error: null,
      source: null,
    });
  });
});

describe('flagExamples', () => {
  test('at most 5 ids per flag, in station order', () => {
    const stations = Array.from({ length: 8 }, (_, i) => ({
      id: String(1_000_000 + i),
      flags: i % 2 === 0 ? ['no-price' as const, 'text-repaired' as const] : ['no-price' as const],
    }));
    expect(flagExamples(stations)).toEqual({
      'no-price': ['1000000', '1000001', '1000002', '1000003', '1000004'],
      'text-repaired': ['1000000', '1000002', '1000004', '1000006'],
    });
  });
});

describe('an old feed, freshly ingested (issue 17 item 4)', () => {
  test('stale, not ok, beside a feed age of 179 days', () => {
    const later = new Date(Date.parse(published.feedTime as string) + 179 * 86_400_000);
    const fresh = { ...published, publishedAt: new Date(later.getTime() - 5 * 60_000).toISOString() };
    const h = buildHealth([], fresh, null, later);
    expect(h.data.ageSeconds).toBe(300);
    expect(h.data.feedAgeSeconds).toBe(179 * 86_400);
    expect(h.data.status).toBe('stale');
  });
});
