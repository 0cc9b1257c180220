/** The six fuels of the French feed, with the ids the feed uses (`<prix id>`). */
export const FUELS = [
  { id: 1, code: 'Gazole', label: 'Gazole (B7)' },
  { id: 2, code: 'SP95', label: 'SP95 (E5)' },
  { id: 3, code: 'E85', label: 'E85 (Superéthanol)' },
  { id: 4, code: 'GPLc', label: 'GPLc' },
  { id: 5, code: 'E10', label: 'SP95-E10' },
  { id: 6, code: 'SP98', label: 'SP98 (E5)' },
] as const;

export type Fuel = (typeof FUELS)[number];
export type FuelCode = Fuel['code'];
export const FUEL_CODES = FUELS.map((f) => f.code) as [FuelCode, ...FuelCode[]];

const byKey = new Map<string, Fuel>();
for (const f of FUELS) {
  byKey.set(String(f.id), f);
  byKey.set(f.code.toLowerCase(), f);
}
byKey.set('diesel', FUELS[0]);
byKey.set('gpl', FUELS[3]);
byKey.set('sp95-e10', FUELS[4]);

/** Finds a fuel by feed id, code or common alias, case-insensitively; undefined when unknown. */
export function findFuel(key: string | number): Fuel | undefined {
  return byKey.get(String(key).trim().toLowerCase());
}
