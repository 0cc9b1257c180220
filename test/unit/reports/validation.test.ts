import { describe, expect, test } from 'vitest';
import { decisionBody, reportBody } from '#shared/api/report-schemas.ts';
import { OFFICIAL_PRICE_CONTACT, REPORT_LIMITS } from '#shared/domain/report-rules.ts';
import { overrideFrom, positionProblem, proposalOf, reportDay } from '#shared/domain/reports.ts';

/** The field zod names first for a body, or null when the body is valid. */
function fieldOf(body: unknown): string | null {
  const res = reportBody.safeParse(body);
  return res.success ? null : (res.error.issues[0]?.path.join('.') ?? '');
}

describe('the report body', () => {
  test('each kind with its fields is accepted, trimmed', () => {
    expect(reportBody.parse({ kind: 'name', name: '  Total Access  ' })).toEqual({
      kind: 'name',
      name: 'Total Access',
    });
    expect(
      reportBody.parse({ kind: 'brand', brand: 'E.Leclerc', comment: 'Enseigne changée en mars' }),
    ).toEqual({
      kind: 'brand',
      brand: 'E.Leclerc',
      comment: 'Enseigne changée en mars',
    });
    expect(fieldOf({ kind: 'position', lat: 45.16, lon: 1.53 })).toBeNull();
    expect(fieldOf({ kind: 'closed' })).toBeNull();
    expect(fieldOf({ kind: 'price' })).toBeNull();
    expect(fieldOf({ kind: 'price', fuel: 'E10' })).toBeNull();
  });

  test('the field at fault is named', () => {
    expect(fieldOf({})).toBe('kind');
    expect(fieldOf({ kind: 'colour' })).toBe('kind');
    expect(fieldOf({ kind: 'name' })).toBe('name');
    expect(fieldOf({ kind: 'name', name: '   ' })).toBe('name');
    expect(fieldOf({ kind: 'name', name: 'x'.repeat(REPORT_LIMITS.name.max + 1) })).toBe('name');
    expect(fieldOf({ kind: 'name', name: 'é'.repeat(REPORT_LIMITS.name.max) })).toBeNull();
    expect(fieldOf({ kind: 'name', name: 'Total\u0007' })).toBe('name');
    expect(fieldOf({ kind: 'brand', brand: '' })).toBe('brand');
    expect(fieldOf({ kind: 'position', lat: 45 })).toBe('lon');
    expect(fieldOf({ kind: 'position', lat: '45', lon: 1 })).toBe('lat');
    expect(fieldOf({ kind: 'position', lat: 95, lon: 1 })).toBe('lat');
    // New York is a valid point but not in France.
    expect(fieldOf({ kind: 'position', lat: 40.71, lon: -74.0 })).toBe('lat');
    expect(fieldOf({ kind: 'price', fuel: 'Kerosene' })).toBe('fuel');
    expect(fieldOf({ kind: 'closed', comment: 'x'.repeat(REPORT_LIMITS.comment.max + 1) })).toBe('comment');
    expect(fieldOf({ kind: 'closed', comment: 'x'.repeat(REPORT_LIMITS.comment.max) })).toBeNull();
  });

  test('fields of another kind, or unknown ones, are refused (no reporter or status smuggled in)', () => {
    expect(fieldOf({ kind: 'closed', name: 'Total' })).toBe('');
    expect(fieldOf({ kind: 'name', name: 'Total', status: 'accepted' })).toBe('');
    expect(reportBody.safeParse({ kind: 'name', name: 'T', reporter: 'x' }).error?.issues[0]?.code).toBe(
      'unrecognized_keys',
    );
  });

  test('the proposal is the body without kind and comment', () => {
    expect(proposalOf(reportBody.parse({ kind: 'position', lat: 45.1, lon: 1.5, comment: 'ici' }))).toEqual({
      lat: 45.1,
      lon: 1.5,
    });
  });

  test('an admin note is optional and at most 500 characters', () => {
    expect(decisionBody.parse({})).toEqual({});
    expect(decisionBody.safeParse({ note: 'x'.repeat(501) }).success).toBe(false);
    expect(decisionBody.safeParse({ verdict: 'ok' }).success).toBe(false);
  });

  test('the price contact is the government site', () => {
    expect(OFFICIAL_PRICE_CONTACT).toMatch(/^https:\/\/www\.prix-carburants\.gouv\.fr\//);
  });
});

describe('a proposed position', () => {
  const brive = { lat: 45.1588, lon: 1.5321, dept: '19', flags: [] };

  test('is near where the station is now', () => {
    expect(positionProblem(brive, 45.16, 1.54)).toBeNull();
    // ~4.4 km east: still a plausible correction; ~11 km: not the same station.
    expect(positionProblem(brive, 45.1588, 1.5881)).toBeNull();
    expect(positionProblem(brive, 45.1588, 1.672)).toMatch(/more than 5 km/);
  });

  test('may be far from flagged or missing coordinates, but near the station’s département', () => {
    const flagged = { ...brive, lat: 4.51588, lon: 0.15321, flags: ['coords-unscaled'] };
    expect(positionProblem(flagged, 45.16, 1.54)).toBeNull();
    const missing = { ...brive, lat: null, lon: null };
    expect(positionProblem(missing, 45.16, 1.54)).toBeNull();
    expect(positionProblem(missing, 48.85, 2.35)).toMatch(/département \(19\)/);
  });
});

describe('the override an accepted report writes', () => {
  const at = '2026-06-06T10:00:00.000Z';
  const report = { id: 'a1b2c3d4e5f60718', stationId: '19100001' };

  test('name, brand and position each set their field, over the station’s earlier override', () => {
    const earlier = { stationId: '19100001', brand: 'Intermarché', reportId: 'old', acceptedAt: 'then' };
    expect(overrideFrom({ ...report, kind: 'name', proposal: { name: 'Inter Brive' } }, earlier, at)).toEqual(
      {
        stationId: '19100001',
        brand: 'Intermarché',
        name: 'Inter Brive',
        reportId: report.id,
        acceptedAt: at,
      },
    );
    expect(overrideFrom({ ...report, kind: 'brand', proposal: { brand: 'Total' } }, undefined, at)).toEqual({
      stationId: '19100001',
      brand: 'Total',
      reportId: report.id,
      acceptedAt: at,
    });
    expect(
      overrideFrom({ ...report, kind: 'position', proposal: { lat: 45.1, lon: 1.5 } }, undefined, at),
    ).toMatchObject({ lat: 45.1, lon: 1.5 });
  });

  test('closed and price reports write none', () => {
    expect(overrideFrom({ ...report, kind: 'closed', proposal: {} }, undefined, at)).toBeNull();
    expect(overrideFrom({ ...report, kind: 'price', proposal: { fuel: 'E10' } }, undefined, at)).toBeNull();
  });
});

describe('the day a report counts against', () => {
  test('is the Paris day, and Retry-After runs to the next Paris midnight', () => {
    // 23:30 in Paris (summer, UTC+2) on 5 June: 30 minutes left.
    expect(reportDay(new Date('2026-06-05T21:30:00Z'))).toEqual({
      day: '2026-06-05',
      retryAfterSeconds: 1800,
    });
    // 00:30 in Paris on 6 June, though still 5 June in UTC.
    expect(reportDay(new Date('2026-06-05T22:30:00Z'))).toEqual({
      day: '2026-06-06',
      retryAfterSeconds: 23.5 * 3600,
    });
    // Winter (UTC+1).
    expect(reportDay(new Date('2026-01-10T22:59:59Z')).retryAfterSeconds).toBe(1);
    // The day summer time starts has 23 hours.
    expect(reportDay(new Date('2026-03-28T23:00:00Z'))).toEqual({
      day: '2026-03-29',
      retryAfterSeconds: 23 * 3600,
    });
  });
});
