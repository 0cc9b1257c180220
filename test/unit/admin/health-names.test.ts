import { describe, expect, test } from 'vitest';
import { buildHealth } from '#shared/admin/health.ts';
import { adminHealthResponse } from '#shared/api/admin-schemas.ts';
import { healthResponse } from '#shared/api/schemas.ts';
import type { PublishedData } from '#shared/db/runs.ts';
import { dataHealth } from '#shared/domain/health.ts';
import type { NamesCoverage } from '#shared/domain/names.ts';

const now = new Date('2026-06-05T10:00:00.000Z');
const names: NamesCoverage = {
  stations: 9780,
  withName: 8900,
  withBrand: 9400,
  withEither: 9540,
  neither: 240,
  unmatchedOsmIds: 2700,
  namesVersion: '3f2a9c0d1e2b4a5c',
};
const published: PublishedData = {
  runId: 'r1',
  snapshotKey: 'snapshot/r1.json.gz',
  feedHash: 'abc',
  feedTime: '2026-06-05T09:40:00.000Z',
  publishedAt: '2026-06-05T09:46:00.000Z',
  stations: 9780,
  prices: 30_000,
  namesVersion: names.namesVersion,
  overridesHash: null,
  names,
};

describe('names coverage in the health answers (issue 16)', () => {
  test('GET /api/health serves the pointer’s coverage; null before a run recorded one, or with no data', () => {
    expect(dataHealth(published, null, now).names).toEqual(names);
    expect(dataHealth({ ...published, names: undefined }, null, now).names).toBeNull();
    expect(dataHealth(null, null, now).names).toBeNull();
    expect(healthResponse.parse(dataHealth(published, null, now)).names).toEqual(names);
  });

  test('the admin health answer carries the same figure', () => {
    const answer = buildHealth([], published, null, now);
    expect(answer.names).toEqual(names);
    expect(adminHealthResponse.parse(answer).names).toEqual(names);
    expect(buildHealth([], null, null, now).names).toBeNull();
  });
});
