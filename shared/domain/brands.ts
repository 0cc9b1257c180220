/**
 * Stations by brand (pure, issue 16): the brand list of GET /api/brands and the groups the per-brand figures
 * are computed over. Brands are the canonical ones the ingest joined (names.ts); two spellings that fold alike
 * (`foldName`: "Élan", "Elan") are one brand, shown in its most frequent spelling.
 */
import { foldName } from './names.ts';

export interface BrandCount {
  brand: string;
  stations: number;
}

export interface BrandGroup<T> {
  /** The spelling shown: the most frequent one (ties: the first in code-point order). */
  brand: string;
  members: T[];
}

/** Stations with a brand, grouped by its folded form (the key every brand lookup uses). */
export function groupByBrand<T extends { brand?: string | null }>(
  stations: readonly T[],
): Map<string, BrandGroup<T>> {
  const groups = new Map<string, { members: T[]; spellings: Map<string, number> }>();
  for (const s of stations) {
    const brand = s.brand?.trim();
    const key = brand ? foldName(brand) : '';
    if (!brand || !key) continue;
    let g = groups.get(key);
    if (!g) {
      g = { members: [], spellings: new Map() };
      groups.set(key, g);
    }
    g.members.push(s);
    g.spellings.set(brand, (g.spellings.get(brand) ?? 0) + 1);
  }
  const out = new Map<string, BrandGroup<T>>();
  for (const [key, g] of groups) {
    const [brand] = [...g.spellings].sort(
      ([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0),
    )[0] as [string, number];
    out.set(key, { brand, members: g.members });
  }
  return out;
}

/** Brands with their station counts: most stations first, then by name (GET /api/brands). */
export function brandCounts(groups: ReadonlyMap<string, BrandGroup<unknown>>): BrandCount[] {
  return [...groups.values()]
    .map((g) => ({ brand: g.brand, stations: g.members.length }))
    .sort((a, b) => b.stations - a.stations || a.brand.localeCompare(b.brand, 'fr'));
}
