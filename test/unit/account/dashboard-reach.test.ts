import { describe, expect, test } from 'vitest';
import { buildDashboard, type DashboardInput } from '#shared/domain/dashboard.ts';
import { DEMO } from '#shared/domain/demo.ts';
import { REACH_KM } from '#shared/domain/detour.ts';
import { dashboardView } from '../../../web/src/lib/dashboard-view.ts';
import { makeStation, recentPrices } from '../../helpers/station.ts';

/**
 * The worked examples of docs/ACCOUNTS.md, "Favourites far from the driver" (issue 17, item 2): a driver in
 * Paris with two favourites nearby and one near Dijon, 266.83 km away. 50 L tank, 6.5 L/100 km, 12,000 km/yr.
 */
const now = new Date('2026-11-23T12:00:00Z');
const at = now.getTime();
const PARIS = { lat: 48.8566, lon: 2.3522 };

function input(from: DashboardInput['from']): DashboardInput {
  return {
    now,
    settings: { fuels: ['Gazole', 'SP98'], tankLitres: 50, consumptionL100: 6.5, yearlyKm: 12_000 },
    favourites: [
      {
        stationId: 'maison', // 3.00 km north
        name: 'Maison',
        station: makeStation('maison', {
          lat: 48.8836,
          lon: 2.3522,
          prices: recentPrices({ Gazole: 1.749, SP98: 1.899 }, at),
        }),
      },
      {
        stationId: 'bureau', // 7.99 km south
        name: 'Bureau',
        station: makeStation('bureau', {
          lat: 48.7847,
          lon: 2.3522,
          prices: recentPrices({ Gazole: 1.689, SP98: 1.929 }, at),
        }),
      },
      {
        stationId: 'maman', // 266.83 km south-east, near Dijon
        name: 'Chez maman',
        station: makeStation('maman', {
          lat: 47.28,
          lon: 5.06,
          dept: '21',
          cp: '21000',
          town: 'Dijon',
          prices: recentPrices({ Gazole: 1.649, SP98: 1.999 }, at),
        }),
      },
    ],
    medians: new Map(),
    published: { publishedAt: '2026-11-23T11:45:00Z', feedTime: '2026-11-23T12:40:00+01:00' },
    from,
  };
}

const byId = <R extends { stationId: string }>(rows: R[], id: string) => rows.find((r) => r.stationId === id);

describe('the reach: never recommend a station further than 30 km from the driver', () => {
  test('the reach is 30 km, and the demo follows stations within the same reach', () => {
    expect(REACH_KM).toBe(30);
    expect(DEMO.maxKm).toBe(REACH_KM);
  });

  test('example D (Gazole): the 266.83 km favourite is the cheapest, yet never recommended', () => {
    const gazole = buildDashboard(input(PARIS)).fuels[0];
    // The bug: the savings headline recommended "Chez maman", 266.83 km away, because it was the cheapest.
    expect(gazole?.cheapest).toEqual({ stationId: 'bureau', price: 1.689 });
    expect(gazole?.savings).toMatchObject({
      cheapestStationId: 'bureau',
      cheapestPrice: 1.689,
      // The median of the favourites within reach: (1.749 + 1.689) / 2 = 1.719; Dijon's 1.649 does not count.
      baseline: { kind: 'favourites-median', price: 1.719, count: 2 },
      perLitre: 0.03,
      perFill: 1.5, // 0.03 × 50 L
      yearlyLitres: 780, // 12,000 × 6.5 / 100
      perYear: 23.4, // 0.03 × 780 L
    });
    expect(gazole?.rows.map((r) => [r.stationId, r.status, r.price, r.cheapest, r.distanceKm])).toEqual([
      ['bureau', 'ok', 1.689, true, 7.995],
      ['maison', 'ok', 1.749, false, 3.002],
      ['maman', 'beyond-reach', 1.649, false, 266.834],
    ]);
    // Maison → Bureau: 2 × (7.995 − 3.002) × 1.3 = 12.98 km; gain 0.06 × 50 = 3.00 €; cost 12.98 × 0.065 ×
    // 1.689 = 1.43 €; net +1.57 €, worth it.
    expect(byId(gazole?.rows ?? [], 'maison')?.detour).toEqual({
      extraKm: 12.98,
      gain: 3,
      cost: 1.43,
      net: 1.57,
      worthIt: true,
    });
    expect(byId(gazole?.rows ?? [], 'maman')?.detour).toBeNull();
  });

  test('example E (SP98): the far favourite gets no "worth the detour" verdict (it was "10 m de plus")', () => {
    const sp98 = buildDashboard(input(PARIS)).fuels[1];
    expect(sp98?.cheapest).toEqual({ stationId: 'maison', price: 1.899 });
    // The bug: "Chez maman" (266.83 km) said the cheapest, 263.83 km closer, was worth "10 m" of detour.
    expect(byId(sp98?.rows ?? [], 'maman')).toMatchObject({ status: 'beyond-reach', detour: null });
    // Bureau → Maison: the cheapest is also closer (3.00 km instead of 7.99): no extra km, the whole gap.
    expect(byId(sp98?.rows ?? [], 'bureau')?.detour).toEqual({
      extraKm: 0,
      gain: 1.5, // 0.03 × 50 L
      cost: 0,
      net: 1.5,
      worthIt: true,
    });
    // Baseline: (1.899 + 1.929) / 2 = 1.914 → 0.015 €/L, 0.75 € per fill, 11.70 € a year.
    expect(sp98?.savings).toMatchObject({ perLitre: 0.015, perFill: 0.75, perYear: 11.7 });
  });

  test('example F: when every favourite with a price is beyond reach, nothing is recommended', () => {
    const far = input(PARIS);
    far.favourites = far.favourites.filter((f) => f.stationId === 'maman');
    const gazole = buildDashboard(far).fuels[0];
    expect(gazole).toMatchObject({ cheapest: null, savings: null });
    expect(gazole?.rows.map((r) => r.status)).toEqual(['beyond-reach']);
  });

  test('example G: from Dijon, "Chez maman" is the one recommended and Paris is out of reach', () => {
    const gazole = buildDashboard(input({ lat: 47.322, lon: 5.0415 })).fuels[0];
    expect(gazole?.cheapest).toEqual({ stationId: 'maman', price: 1.649 });
    expect(gazole?.rows.filter((r) => r.status === 'beyond-reach').map((r) => r.stationId)).toEqual([
      'bureau',
      'maison',
    ]);
  });

  test('exactly 30 km is within reach; a station without coordinates cannot be measured and stays usable', () => {
    const edge = input(PARIS);
    // 0.2698° of latitude north of the reference point is 30.00 km.
    edge.favourites = [
      {
        stationId: 'edge',
        name: null,
        station: makeStation('edge', {
          lat: 48.8566 + 0.26979,
          lon: 2.3522,
          prices: recentPrices({ Gazole: 1.6 }, at),
        }),
      },
      {
        stationId: 'nowhere',
        name: null,
        station: makeStation('nowhere', { lat: null, lon: null, prices: recentPrices({ Gazole: 1.7 }, at) }),
      },
    ];
    const rows = buildDashboard(edge).fuels[0]?.rows ?? [];
    expect(byId(rows, 'edge')).toMatchObject({ status: 'ok', cheapest: true });
    expect(byId(rows, 'edge')?.distanceKm).toBeLessThanOrEqual(30);
    expect(byId(rows, 'nowhere')).toMatchObject({ status: 'ok', distanceKm: null, detour: null });
  });

  test('without a starting point nothing is measured: every usable favourite is compared', () => {
    const gazole = buildDashboard(input(null)).fuels[0];
    expect(gazole?.rows.every((r) => r.status === 'ok' && r.detour === null)).toBe(true);
    // Median of 1.749, 1.689, 1.649 = 1.689; cheapest 1.649 → 0.04 €/L, 2.00 € per fill (the site says it
    // is the cheapest, and asks for a position before recommending anything).
    expect(gazole?.savings).toMatchObject({ cheapestStationId: 'maman', perLitre: 0.04, perFill: 2 });
  });
});

describe('what the driver reads (web/src/lib/dashboard-view.ts over the same examples)', () => {
  const NBSP = '\u00a0';
  const view = (from: DashboardInput['from']) => dashboardView(buildDashboard(input(from)), at);
  const texts = (from: DashboardInput['from']) => JSON.stringify(view(from));

  test('example D: the savings headline names Bureau, never the favourite 266.83 km away', () => {
    const [gazole] = view(PARIS).fuels;
    expect(gazole?.savings?.headline).toBe(
      `En faisant le plein à Bureau (1,689${NBSP}€), vous économisez environ 1,50${NBSP}€ par plein de 50 L, soit 23,40${NBSP}€ par an.`,
    );
    expect(gazole?.savings?.detail).toContain(
      'Seules vos stations à moins de 30 km du point de départ sont comparées (au-delà de 30 km, non recommandée).',
    );
    const maman = gazole?.rows.find((r) => r.stationId === 'maman');
    expect(maman).toMatchObject({
      title: 'Chez maman',
      price: `1,649${NBSP}€`,
      level: null,
      badge: null,
      distance: `à 266,8${NBSP}km`,
      status: { text: 'Au-delà de 30 km, non recommandée', badge: 'badge-stale' },
      detour: null,
    });
  });

  test('example E: a cheaper and closer station is "aussi plus proche", never "10 m de plus"', () => {
    expect(texts(PARIS)).not.toContain(`10${NBSP}m de plus`);
    const [, sp98] = view(PARIS).fuels;
    expect(sp98?.rows.find((r) => r.stationId === 'bureau')?.detour).toBe(
      `La moins chère est aussi plus proche (à 3${NBSP}km au lieu de 8${NBSP}km) : 1,50${NBSP}€ de moins sur un plein, sans détour.`,
    );
  });

  test('example F: no favourite within reach → says so instead of recommending one', () => {
    const far = input(PARIS);
    far.favourites = far.favourites.filter((f) => f.stationId === 'maman');
    const [gazole] = dashboardView(buildDashboard(far), at).fuels;
    expect(gazole?.savings).toBeNull();
    expect(gazole?.noSavings).toBe(
      'Aucune de vos stations à moins de 30 km du point de départ n’a de prix récent pour ce carburant : rien à recommander (au-delà de 30 km, non recommandée).',
    );
  });

  test('without a starting point: the cheapest is stated, not recommended, and the page asks where from', () => {
    const [gazole] = view(null).fuels;
    expect(gazole?.savings?.headline).toBe(
      `Votre station la moins chère, Chez maman (1,649${NBSP}€), coûte environ 2,00${NBSP}€ de moins par plein de 50 L que la base de comparaison, soit 31,20${NBSP}€ par an. Indiquez votre position : seules les stations à moins de 30 km seront recommandées.`,
    );
    expect(gazole?.noSavings).toBeNull();
  });
});
