/**
 * The part of name-suggestion-index the brand matcher needs (docs/NAMES.md, "Brands"): the one category
 * `brands/amenity/fuel` (items and properties) of dist/json/nsi.min.json, and of
 * dist/json/featureCollection.min.json only the custom areas (`*.geojson`) its location sets name. About
 * 190 KB instead of 13 MB: the names Lambda bundles the trimmed copy (nsi-fuel.json, written by
 * `npm run names:nsi`), and a unit test fails when it no longer equals a fresh trim of the installed package.
 */
export const NSI_CATEGORY = 'brands/amenity/fuel';

interface LocationSet {
  include?: unknown[];
  exclude?: unknown[];
}

interface Feature {
  id?: unknown;
}

export interface NsiFuel {
  /** The installed NSI's version, so a stale copy names itself. */
  version: string;
  category: { properties: unknown; items: { locationSet?: LocationSet }[] };
  featureCollection: { type: 'FeatureCollection'; features: Feature[] };
}

export function trimNsi(
  version: string,
  nsi: { nsi: Record<string, { properties?: unknown; items: { locationSet?: LocationSet }[] }> },
  featureCollection: { features: Feature[] },
): NsiFuel {
  const category = nsi.nsi[NSI_CATEGORY];
  if (!category) throw new Error(`name-suggestion-index has no ${NSI_CATEGORY} category`);
  const named = new Set<string>();
  for (const item of category.items) {
    for (const ref of [...(item.locationSet?.include ?? []), ...(item.locationSet?.exclude ?? [])]) {
      if (typeof ref === 'string' && ref.endsWith('.geojson')) named.add(ref);
    }
  }
  return {
    version,
    category: { properties: category.properties ?? {}, items: category.items },
    featureCollection: {
      type: 'FeatureCollection',
      features: featureCollection.features.filter((f) => typeof f.id === 'string' && named.has(f.id)),
    },
  };
}
