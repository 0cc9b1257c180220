import { describe, expect, test } from 'vitest';
import type { DashboardResponse, DashboardRow } from '#shared/api/account-types.ts';
import { dashboardView } from '../../../web/src/lib/dashboard-view.ts';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const now = Date.parse('2026-11-23T12:00:00Z');

function row(over: Partial<DashboardRow>): DashboardRow {
  return {
    stationId: '75001001',
    name: null,
    stationName: null,
    brand: null,
    town: 'Paris',
    address: '1 rue de Rivoli',
    dept: '75',
    price: 1.859,
    updatedAt: '2026-11-23T09:00:00Z',
    ageHours: 3,
    status: 'ok',
    outOfStock: false,
    cheapest: false,
    distanceKm: null,
    detour: null,
    ...over,
  };
}

function dashboard(over: Partial<DashboardResponse> = {}): DashboardResponse {
  const rows = [
    row({ stationId: 'a', name: 'Maison', price: 1.7, cheapest: true }),
    row({ stationId: 'b', price: 1.8, distanceKm: 0.42, ageHours: 50, updatedAt: '2026-11-21T10:00:00Z' }),
    row({ stationId: 'c', price: 1.9, address: '3 av. Foch' }),
    row({ stationId: 'd', price: null, ageHours: null, status: 'out-of-stock', outOfStock: true }),
    row({
      stationId: 'e 1',
      name: '',
      address: '  ',
      town: '',
      price: 1.75,
      status: 'too-old',
      ageHours: 200,
    }),
  ];
  return {
    demo: false,
    generatedAt: '2026-11-23T12:00:00Z',
    lastIngestAt: '2026-11-23T11:48:00Z',
    feedTime: '2026-11-23T10:00:00Z',
    needsFuels: false,
    from: null,
    settings: { tankLitres: 50, consumptionL100: 6.5, yearlyKm: 12_000, fuels: ['Gazole'] },
    favourites: 5,
    fuels: [
      {
        fuel: 'Gazole',
        rows,
        cheapest: { stationId: 'a', price: 1.7 },
        savings: {
          cheapestPrice: 1.7,
          cheapestStationId: 'a',
          baseline: { kind: 'dept-median', price: 1.85, dept: '75', day: '2026-11-22', count: 120 },
          perLitre: 0.15,
          tankLitres: 50,
          perFill: 7.5,
          yearlyLitres: 780,
          perYear: 117,
        },
      },
    ],
    ...over,
  };
}

describe('dashboardView', () => {
  test('freshness figures, in French, singular and plural', () => {
    expect(dashboardView(dashboard(), now).kpis).toEqual([
      { value: '5', label: 'stations suivies' },
      { value: '1', label: 'carburant suivi' },
      {
        value: `il y a 12${NBSP}min`,
        label: 'dernière mise à jour des données',
        title: '23 novembre 2026 à 12:48',
      },
      { value: '23 nov. 2026', label: 'date des prix les plus récents', title: '23 novembre 2026 à 11:00' },
    ]);
    const empty = dashboardView(dashboard({ favourites: 1, lastIngestAt: null, feedTime: null }), now).kpis;
    expect(empty).toEqual([
      { value: '1', label: 'station suivie' },
      { value: '1', label: 'carburant suivi' },
      { value: '—', label: 'aucune donnée chargée' },
    ]);
  });

  test('each row: price, colour band, badge, place, age, distance and status', () => {
    const [fuel] = dashboardView(dashboard(), now).fuels;
    expect(fuel?.heading).toBe('Gazole (B7)');
    expect(fuel?.listLabel).toBe('Vos stations pour Gazole (B7), la moins chère d’abord');
    const [a, b, c, d, e] = fuel?.rows ?? [];
    expect(a).toMatchObject({
      title: 'Maison',
      place: '1 rue de Rivoli, Paris',
      price: `1,700${NBSP}€`,
      level: 1,
      badge: { text: 'La moins chère', level: 1 },
      age: { text: `Prix mis à jour il y a 3${NBSP}h`, stale: false },
      distance: null,
      status: null,
    });
    expect(b).toMatchObject({
      title: '1 rue de Rivoli',
      place: 'Paris',
      level: 3,
      badge: { text: 'Moyen', level: 3 },
      // A stale price says its date (issue 17 item 4), and how long ago.
      age: { text: `Prix du 21 novembre 2026 (il y a 2${NBSP}j)`, stale: true },
      distance: `à 420${NBSP}m`,
    });
    expect(c).toMatchObject({ title: '3 av. Foch', level: 5, badge: { text: 'Prix élevé', level: 5 } });
    // Unranked rows: no band, no badge, the reason in words.
    expect(d).toMatchObject({
      price: '—',
      level: null,
      badge: null,
      age: null,
      status: { text: 'En rupture', badge: 'badge-stock' },
    });
    expect(e).toMatchObject({
      title: 'Station e 1',
      href: '/station/?id=e%201',
      level: null,
      status: { text: 'Prix trop ancien pour être comparé', badge: 'badge-stale' },
    });
  });

  test('a station named in OSM: its title, the driver’s own name first when there is one', () => {
    // `stationName`/`brand` on the row: the OSM name and brand (`name` is the driver's own name).
    const named = (over: Partial<DashboardRow>) =>
      row({ ...over, ...({ stationName: 'Intermarché', brand: 'Intermarché' } as object) });
    const d = dashboard();
    const fuel = d.fuels[0];
    if (!fuel) throw new Error('fixture');
    fuel.rows = [
      named({ town: 'BRIVE-LA-GAILLARDE', address: '28 AV. JARROSSON' }),
      named({ name: 'Travail', town: 'BRIVE-LA-GAILLARDE', address: '28 AV. JARROSSON' }),
      named({ status: 'out-of-stock', outOfStock: true }),
    ];
    const [plain, own, out] = dashboardView(d, now).fuels[0]?.rows ?? [];
    expect(plain).toMatchObject({
      title: 'Intermarché Brive-la-Gaillarde',
      place: '28 AV. JARROSSON, Brive-la-Gaillarde',
    });
    expect(own).toMatchObject({
      title: 'Travail',
      place: 'Intermarché Brive-la-Gaillarde · 28 AV. JARROSSON, Brive-la-Gaillarde',
    });
    expect(out?.status).toEqual({ text: 'En rupture', badge: 'badge-stock' });
  });

  test('the savings sentence names the cheapest station and the baseline', () => {
    // With a starting point: a recommendation, within the reach (dashboard-reach.test.ts for the far cases).
    const savings = dashboardView(dashboard({ from: { lat: 48.85, lon: 2.35 } }), now).fuels[0]?.savings;
    expect(savings?.headline).toBe(
      `En faisant le plein à Maison (1,700${NBSP}€), vous économisez environ 7,50${NBSP}€ par plein de 50 L, soit 117,00${NBSP}€ par an.`,
    );
    expect(savings?.detail).toBe(
      `Base de comparaison : le prix médian du département 75 le 22 nov. 2026, 1,850${NBSP}€ (sur 120 prix). Seules vos stations à moins de 30 km du point de départ sont comparées (au-delà de 30 km, non recommandée). Calcul : écart de 15 centimes par litre × 50 L par plein ; par an, × 780 L (12${NNBSP}000 km à 6,5 L/100 km).`,
    );
  });

  test('no saving to expect when the cheapest is above the baseline; none at all without prices', () => {
    const d = dashboard();
    const fuel = d.fuels[0];
    if (!fuel?.savings) throw new Error('fixture');
    fuel.savings = {
      ...fuel.savings,
      perLitre: -0.02,
      baseline: { ...fuel.savings.baseline, kind: 'favourites-median' },
    };
    expect(dashboardView(d, now).fuels[0]?.savings).toEqual({
      headline: `Maison (1,700${NBSP}€) n’est pas moins chère que la base de comparaison : pas d’économie à attendre par rapport à elle.`,
      detail: expect.stringMatching(
        /^Base de comparaison : le prix médian de vos stations favorites, 1,850\u00a0€\. /,
      ),
    });
    fuel.savings = null;
    expect(dashboardView(d, now).fuels[0]?.savings).toBeNull();
  });

  test('the detour line says whether the cheapest is worth the drive', () => {
    const worth = { extraKm: 3.2, gain: 5, cost: 0.35, net: 4.65, worthIt: true };
    const d = dashboard();
    const fuel = d.fuels[0];
    if (!fuel) throw new Error('fixture');
    fuel.rows = [
      row({ detour: worth }),
      row({ detour: { ...worth, extraKm: 0.5, gain: 0.2, worthIt: false } }),
    ];
    const [yes, no] = dashboardView(d, now).fuels[0]?.rows ?? [];
    expect(yes?.detour).toBe(
      `Aller plutôt à la moins chère vaut le détour : 3,2${NBSP}km de plus aller-retour, 4,65${NBSP}€ gagnés net sur un plein (5,00${NBSP}€ d’écart − 0,35${NBSP}€ de carburant pour le détour).`,
    );
    expect(no?.detour).toBe(
      `Pas la peine d’aller à la moins chère : 500${NBSP}m de plus aller-retour coûteraient 0,35${NBSP}€ pour 0,20${NBSP}€ d’écart sur un plein.`,
    );
  });

  test('an old feed still ranks and estimates, said with its date (issue 17 item 4)', () => {
    const december = Date.parse('2026-12-02T09:00:00Z');
    const d = dashboard({
      feedTime: '2026-06-05T14:00:00Z',
      lastIngestAt: '2026-12-02T08:50:00Z',
      from: { lat: 48.85, lon: 2.35 },
    });
    const fuel = d.fuels[0];
    if (!fuel) throw new Error('fixture');
    fuel.rows = [row({ cheapest: true, updatedAt: '2026-06-05T12:00:00Z', ageHours: 4293 })];
    const [view] = dashboardView(d, december).fuels;
    expect(view?.listLabel).toBe(
      'Vos stations pour Gazole (B7), la moins chère d’abord (prix du 5 juin 2026)',
    );
    expect(view?.savings?.headline).toMatch(
      /^Calcul sur les prix du 5 juin 2026, les plus récents disponibles\. En faisant le plein à /,
    );
    expect(view?.rows[0]?.age).toEqual({ text: `Prix du 5 juin 2026 (il y a 6${NBSP}mois)`, stale: true });
    expect(view?.rows[0]?.badge).toEqual({ text: 'La moins chère', level: 1 });
    // A current feed adds nothing.
    const current = dashboard({ from: { lat: 48.85, lon: 2.35 } });
    expect(dashboardView(current, now).fuels[0]?.savings?.headline).toMatch(/^En faisant le plein/);
  });
});
