import type { Price, Station } from '#shared/domain/station.ts';

/** The one station factory of the tests: a normalized station in Paris; override what the test is about. */
export function makeStation(id: string, overrides: Partial<Station> = {}): Station {
  return {
    id,
    lat: 48.85,
    lon: 2.35,
    cp: '75001',
    dept: '75',
    town: 'Paris',
    address: '1 rue de Rivoli',
    road: 'R',
    prices: [price('Gazole', 1.739, '2025-07-28T15:00:04+02:00')],
    outOfStock: [],
    services: [],
    hours: null,
    flags: [],
    ...overrides,
  };
}

const FUEL_IDS = { Gazole: 1, SP95: 2, E85: 3, GPLc: 4, E10: 5, SP98: 6 } as const;
type FuelName = keyof typeof FUEL_IDS;

export function price(fuel: FuelName, value: number, updatedAt: string, outlier?: boolean): Price {
  return { fuel, fuelId: FUEL_IDS[fuel], price: value, updatedAt, ...(outlier ? { outlier } : {}) };
}

export function hoursAgo(h: number, now = Date.now()): string {
  return new Date(now - h * 3_600_000).toISOString();
}

/** Prices (€/L) updated `ageHours` (default 2) before `now`, e.g. `{ Gazole: 1.7, E10: { price: 1.8, ageHours: 30 } }`. */
export function recentPrices(
  prices: Partial<Record<FuelName, number | { price: number; ageHours?: number; outlier?: boolean }>>,
  now = Date.now(),
): Price[] {
  return Object.entries(prices).map(([fuel, v]) => {
    const p =
      typeof v === 'number' ? { price: v } : (v as { price: number; ageHours?: number; outlier?: boolean });
    return price(fuel as FuelName, p.price, hoursAgo(p.ageHours ?? 2, now), p.outlier);
  });
}

/** A temporary out-of-stock of `fuel` that began `sinceHours` ago, with no end announced. */
export function outOfStock(fuel: FuelName, sinceHours = 5): Station['outOfStock'][number] {
  return { fuel, fuelId: FUEL_IDS[fuel], type: 'temporaire', since: hoursAgo(sinceHours), until: null };
}
