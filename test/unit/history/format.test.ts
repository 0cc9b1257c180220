import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parisIsoOf } from '#shared/domain/time.ts';
import { decodeSeries, encodeSeries } from '#shared/history/format.ts';
import type { ArchivePoint } from '#shared/history/types.ts';

describe('parisIsoOf', () => {
  it('gives the Paris offset of the instant, on both sides of the changeovers', () => {
    expect(parisIsoOf(Date.parse('2023-11-22T20:04:10Z'))).toBe('2023-11-22T21:04:10+01:00');
    expect(parisIsoOf(Date.parse('2023-07-01T10:00:00Z'))).toBe('2023-07-01T12:00:00+02:00');
    expect(parisIsoOf(Date.parse('2025-03-30T00:59:59Z'))).toBe('2025-03-30T01:59:59+01:00');
    expect(parisIsoOf(Date.parse('2025-03-30T01:00:00Z'))).toBe('2025-03-30T03:00:00+02:00');
    expect(parisIsoOf(Date.parse('2025-10-26T00:30:00Z'))).toBe('2025-10-26T02:30:00+02:00');
    expect(parisIsoOf(Date.parse('2025-10-26T01:30:00Z'))).toBe('2025-10-26T02:30:00+01:00');
    expect(parisIsoOf(Date.parse('2007-01-01T00:00:00.250Z'))).toBe('2007-01-01T01:00:00.250+01:00');
  });

  it('agrees with Intl on any instant since 2007', () => {
    const paris = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Paris',
      dateStyle: 'short',
      timeStyle: 'medium',
    });
    fc.assert(
      fc.property(fc.integer({ min: 1_167_609_600, max: 2_000_000_000 }), (seconds) => {
        const iso = parisIsoOf(seconds * 1000);
        expect(Date.parse(iso)).toBe(seconds * 1000);
        expect(iso.slice(0, 19)).toBe(paris.format(seconds * 1000).replace(' ', 'T'));
      }),
    );
  });
});

const point = fc.record(
  {
    seconds: fc.integer({ min: 1_167_609_600, max: 2_000_000_000 }),
    millièmes: fc.integer({ min: 0, max: 9999 }),
    flag: fc.constantFrom(undefined, 'outlier' as const, 'reverted' as const),
  },
  { requiredKeys: ['seconds', 'millièmes'] },
);

const toPoints = (raw: { seconds: number; millièmes: number; flag?: 'outlier' | 'reverted' }[]) =>
  raw
    .sort((a, b) => a.seconds - b.seconds)
    .map(({ seconds, millièmes, flag }): ArchivePoint => {
      const p: ArchivePoint = { at: parisIsoOf(seconds * 1000), price: millièmes / 1000 };
      if (flag) p.flag = flag;
      return p;
    });

describe('encodeSeries / decodeSeries', () => {
  it('round-trips any series, oldest first', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 50 }), (raw) => {
        const points = toPoints(raw);
        expect(decodeSeries(encodeSeries(points))).toEqual(points);
      }),
    );
  });

  it('stores delta-coded seconds, integer millièmes, and flags only when any point is flagged', () => {
    const points: ArchivePoint[] = [
      { at: '2022-12-30T10:00:00+01:00', price: 1.789 },
      { at: '2023-01-02T08:00:00+01:00', price: 1.799 },
      { at: '2023-01-02T08:05:00+01:00', price: 1.759 },
    ];
    expect(encodeSeries(points)).toEqual({ t: [1672390800, 252000, 300], p: [1789, 1799, 1759] });
    expect(
      encodeSeries([points[0] as ArchivePoint, { ...(points[1] as ArchivePoint), flag: 'reverted' }]),
    ).toEqual({
      t: [1672390800, 252000],
      p: [1789, 1799],
      f: [0, 2],
    });
    expect(encodeSeries([])).toEqual({ t: [], p: [] });
  });

  it('reads an instant given with any offset as the same moment', () => {
    const s = encodeSeries([{ at: '2023-11-22T20:04:10Z', price: 1.8 }]);
    expect(decodeSeries(s)).toEqual([{ at: '2023-11-22T21:04:10+01:00', price: 1.8 }]);
  });
});
