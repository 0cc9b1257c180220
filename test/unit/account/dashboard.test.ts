import { describe, expect, test } from 'vitest';
import {
  baselineDays,
  buildDashboard,
  type DashboardInput,
  neededMedians,
} from '#shared/domain/dashboard.ts';
import { makeStation, outOfStock, recentPrices } from '../../helpers/station.ts';

const now = new Date('2026-11-23T12:00:00Z');
const at = now.getTime();
const settings = {
  fuels: ['Gazole', 'SP98'] as const,
  tankLitres: 50,
  consumptionL100: 6.5,
  yearlyKm: 12_000,
};

function input(over: Partial<DashboardInput> = {}): DashboardInput {
  return {
    now,
    settings: { ...settings, fuels: [...settings.fuels] },
    favourites: [
      {
        stationId: '1',
        name: 'Home',
        station: makeStation('1', {
          lat: 48.85,
          lon: 2.35,
          prices: recentPrices({ Gazole: 1.75, SP98: 1.95 }, at),
        }),
      },
      {
        stationId: '2',
        name: null,
        station: makeStation('2', {
          dept: '92',
          cp: '92001',
          lat: 48.9,
          lon: 2.35,
          prices: recentPrices({ Gazole: 1.69 }, at),
        }),
      },
      {
        stationId: '3',
        name: null,
        station: makeStation('3', { prices: recentPrices({ Gazole: { price: 1.5, ageHours: 24 * 8 } }, at) }),
      },
      {
        stationId: '4',
        name: null,
        station: makeStation('4', {
          prices: recentPrices({ Gazole: 1.6 }, at),
          outOfStock: [outOfStock('Gazole')],
        }),
      },
      {
        stationId: '5',
        name: null,
        station: makeStation('5', { prices: recentPrices({ Gazole: { price: 0.01, outlier: true } }, at) }),
      },
      { stationId: '6', name: 'Gone', station: null },
    ],
    medians: new Map(),
    published: { publishedAt: '2026-11-23T11:45:00Z', feedTime: '2026-11-23T12:40:00+01:00' },
    from: null,
    ...over,
  };
}

describe('dashboard', () => {
  test('rows: usable prices cheapest first, then the unusable ones, each saying why', () => {
    const d = buildDashboard(input());
    const gazole = d.fuels[0];
    expect(gazole?.rows.map((r) => [r.stationId, r.status, r.price, r.cheapest])).toEqual([
      ['2', 'ok', 1.69, true],
      ['1', 'ok', 1.75, false],
      ['5', 'outlier', 0.01, false],
      ['3', 'too-old', 1.5, false], // 8 days old: shown, never the cheapest
      ['4', 'out-of-stock', 1.6, false],
      ['6', 'unknown-station', null, false],
    ]);
    expect(gazole?.rows[1]).toMatchObject({
      name: 'Home',
      ageHours: 2,
      outOfStock: false,
      distanceKm: null,
      detour: null,
    });
    expect(gazole?.cheapest).toEqual({ stationId: '2', price: 1.69 });
    expect(d).toMatchObject({
      lastIngestAt: '2026-11-23T11:45:00Z',
      needsFuels: false,
      favourites: 6,
      demo: false,
    });
  });

  test("savings: the cheapest favourite's département median when the stats have it", () => {
    const medians = new Map([['92#Gazole', { dept: '92', day: '2026-11-23', median: 1.76, count: 80 }]]);
    const s = buildDashboard(input({ medians })).fuels[0]?.savings;
    expect(s).toMatchObject({
      cheapestPrice: 1.69,
      cheapestStationId: '2',
      baseline: { kind: 'dept-median', dept: '92', price: 1.76 },
      perLitre: 0.07,
      perFill: 3.5,
      yearlyLitres: 780,
      perYear: 54.6,
    });
  });

  test("savings: else the favourites' usable median — stale, outlier and out-of-stock prices never count", () => {
    const s = buildDashboard(input()).fuels[0]?.savings;
    // Usable: 1.69 and 1.75 → median 1.72; the 1.50 (8 days old), 1.60 (out of stock), 0.01 (outlier) are ignored.
    expect(s?.baseline).toMatchObject({ kind: 'favourites-median', price: 1.72, count: 2 });
    expect(s).toMatchObject({ perLitre: 0.03, perFill: 1.5 });
  });

  test('a single usable favourite against its own median saves exactly 0 — said honestly', () => {
    const sp98 = buildDashboard(input()).fuels[1];
    expect(sp98?.savings).toMatchObject({
      perLitre: 0,
      perFill: 0,
      perYear: 0,
      baseline: { kind: 'favourites-median' },
    });
  });

  test('fuels are never mixed: each fuel has its own rows, cheapest and baseline', () => {
    const d = buildDashboard(input());
    expect(d.fuels.map((f) => [f.fuel, f.cheapest?.price])).toEqual([
      ['Gazole', 1.69],
      ['SP98', 1.95],
    ]);
    expect(d.fuels[1]?.rows.filter((r) => r.status === 'ok').map((r) => r.stationId)).toEqual(['1']);
  });

  test('no usable price for a fuel → no cheapest, no savings', () => {
    const d = buildDashboard(input({ settings: { ...settings, fuels: ['E85'] } }));
    expect(d.fuels[0]).toMatchObject({ fuel: 'E85', cheapest: null, savings: null });
    expect(d.fuels[0]?.rows.every((r) => r.status !== 'ok')).toBe(true);
  });

  test('no followed fuel → the dashboard asks for them', () => {
    const d = buildDashboard(input({ settings: { ...settings, fuels: [] } }));
    expect(d).toMatchObject({ needsFuels: true, fuels: [] });
  });

  test('with a starting point: distances, and a detour verdict for each usable row but the cheapest', () => {
    // From station 1's spot: station 2 (cheapest, 1.69) is 5.56 km north; station 1 (1.75) is right here.
    const d = buildDashboard(input({ from: { lat: 48.85, lon: 2.35 } }));
    const rows = d.fuels[0]?.rows ?? [];
    const home = rows.find((r) => r.stationId === '1');
    expect(rows.find((r) => r.stationId === '2')).toMatchObject({
      cheapest: true,
      detour: null,
      distanceKm: 5.56,
    });
    // extra = 2 × 5.56 km × 1.3 = 14.46 km; gain 0.06 × 50 = 3.00 €; cost 14.46 × 0.065 × 1.69 = 1.59 €.
    expect(home?.detour).toEqual({ extraKm: 14.46, gain: 3, cost: 1.59, net: 1.41, worthIt: true });
    expect(rows.find((r) => r.stationId === '3')?.detour).toBeNull(); // not usable: no verdict
  });

  test('neededMedians asks only for the cheapest favourite’s département, per fuel', () => {
    expect(neededMedians(input())).toEqual([
      { dept: '92', fuel: 'Gazole' },
      { dept: '75', fuel: 'SP98' },
    ]);
  });

  test('ties: every favourite at the cheapest price is highlighted', () => {
    const favourites = [
      {
        stationId: 'a',
        name: null,
        station: makeStation('a', { prices: recentPrices({ Gazole: 1.7 }, at) }),
      },
      {
        stationId: 'b',
        name: null,
        station: makeStation('b', { prices: recentPrices({ Gazole: 1.7 }, at) }),
      },
    ];
    const rows = buildDashboard(input({ favourites })).fuels[0]?.rows ?? [];
    expect(rows.map((r) => r.cheapest)).toEqual([true, true]);
  });

  test('baseline days are Paris dates: today, then yesterday', () => {
    expect(baselineDays(new Date('2026-11-23T23:30:00Z'))).toEqual(['2026-11-24', '2026-11-23']);
    expect(baselineDays(new Date('2026-07-01T21:59:00Z'))).toEqual(['2026-07-01', '2026-06-30']);
  });
});

describe('an old feed (issue 17 item 4)', () => {
  // The prices are of 5 June 2026, the feed's newest is that day, and it is now 2 December: ranking and
  // savings still count, against the feed time (the site labels them with its date).
  const feedAt = Date.parse('2026-06-05T14:00:00Z');
  const old = (over: Partial<DashboardInput> = {}) =>
    input({
      now: new Date('2026-12-02T09:00:00Z'),
      favourites: [
        {
          stationId: '1',
          name: null,
          station: makeStation('1', { prices: recentPrices({ Gazole: 1.75 }, feedAt) }),
        },
        {
          stationId: '2',
          name: null,
          station: makeStation('2', { prices: recentPrices({ Gazole: 1.69 }, feedAt) }),
        },
        {
          stationId: '3',
          name: null,
          station: makeStation('3', {
            prices: recentPrices({ Gazole: { price: 1.5, ageHours: 24 * 8 } }, feedAt),
          }),
        },
      ],
      settings: { ...settings, fuels: ['Gazole'] },
      published: { publishedAt: '2026-12-02T08:50:00Z', feedTime: new Date(feedAt).toISOString() },
      ...over,
    });

  test('ranks and estimates on the feed’s prices; 8 days before the feed is still too old', () => {
    const gazole = buildDashboard(old()).fuels[0];
    expect(gazole?.rows.map((r) => [r.stationId, r.status, r.cheapest])).toEqual([
      ['2', 'ok', true],
      ['1', 'ok', false],
      ['3', 'too-old', false],
    ]);
    expect(gazole?.cheapest).toEqual({ stationId: '2', price: 1.69 });
    expect(gazole?.savings?.baseline.kind).toBe('favourites-median');
  });

  test('the baseline medians asked for are those of the feed’s day', () => {
    expect(neededMedians(old())).toEqual([{ dept: '75', fuel: 'Gazole' }]);
    expect(baselineDays(feedAt)).toEqual(['2026-06-05', '2026-06-04']);
  });
});
