import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readFeed } from '#shared/feed/index.ts';
import { decodeSeries } from '#shared/history/format.ts';
import { stationYear } from '#shared/history/series.ts';
import { buildYearly } from '../helpers/yearly.ts';

/**
 * The yearly-shaped file built from the real November 2023 snapshots, read as the backfill reads it (every
 * `<prix>` kept) and turned into station-years: each station-fuel's stored series is exactly the changes the
 * snapshots hold, flags included, in the 2015+ shape and in the pre-2015 one (millièmes, space separator).
 */
describe.each([false, true])('the yearly file (legacy shape: %s)', (legacy) => {
  test('every station-fuel series equals the snapshots’ changes', async () => {
    const yearly = await buildYearly({ typos: true, emptyPrice: true, closure: true, legacy });
    try {
      const wrong: string[] = [];
      let series = 0;
      const shape = (p: { at: string; price: number; flag?: string }) => `${p.at} ${p.price} ${p.flag ?? ''}`;
      for await (const station of readFeed([readFileSync(yearly.file)], { keepEveryPrice: true })) {
        const year = stationYear(station, yearly.year);
        for (const [fuel, want] of yearly.expected.get(station.id) ?? []) {
          series++;
          const stored = year?.series[fuel];
          const got = (stored ? decodeSeries(stored) : []).map(shape).join(', ');
          if (got !== want.map(shape).join(', ')) wrong.push(`${station.id} ${fuel}: ${got}`);
        }
      }
      expect(series).toBe(33_445);
      expect(wrong.slice(0, 5)).toEqual([]);
    } finally {
      await yearly.remove();
    }
  });
});
