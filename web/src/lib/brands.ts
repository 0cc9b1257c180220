/** The home page's brand filter (issue 16) in words and in its URL (pure, unit tested in test/unit/web/). */

/** The most brands a search may ask for (the API's limit, docs/API.md). */
export const MAX_BRANDS = 20;

/** `brand=A,B` (or the parameter repeated) → unique brands, in the order given, at most MAX_BRANDS. */
export function parseBrands(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values)
    for (const part of value.split(',')) {
      const brand = part.trim();
      if (brand && !out.includes(brand)) out.push(brand);
    }
  return out.slice(0, MAX_BRANDS);
}

/** The disclosure's summary: "Toutes les marques", "TotalEnergies", "TotalEnergies, E.Leclerc +1". */
export function brandsLabel(brands: readonly string[]): string {
  if (brands.length === 0) return 'Toutes les marques';
  if (brands.length <= 2) return brands.join(', ');
  return `${brands.slice(0, 2).join(', ')} +${brands.length - 2}`;
}
