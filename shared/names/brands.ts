import { LocationConflation } from '@rapideditor/location-conflation';
import { Matcher, type NsiData } from 'name-suggestion-index';
import nsiFuel from './nsi-fuel.json' with { type: 'json' };
import { NSI_CATEGORY } from './nsi-trim.ts';

/** Where a station is assumed to be when its row has no coordinates: the middle of metropolitan France. */
const FRANCE: readonly [lon: number, lat: number] = [2.35, 46.6];

/** How a row's brand was settled (counted on the names run). */
export type BrandOutcome =
  /** An NSI item matched: its canonical `tags.brand`. */
  | 'matched'
  /** NSI says the value is not a brand ("Independent", generic words): null. */
  | 'generic'
  /** No NSI item: the OSM brand as written. */
  | 'kept'
  /** Neither a brand nor a name that matched. */
  | 'none';

export interface BrandResult {
  brand: string | null;
  outcome: BrandOutcome;
}

export interface Brands {
  /** The NSI version the matcher was built from. */
  readonly version: string;
  /** The canonical brand of an OSM row: its `brand`, else its `name`, matched at its position. */
  canonical(row: { brand: string | null; name: string | null; lat?: number; lon?: number }): BrandResult;
}

let built: Brands | undefined;

/**
 * The brand matcher (docs/NAMES.md, "Brands"): name-suggestion-index's Matcher over the fuel category with
 * its `matchNames` and location sets, so "Total Access" and "TotalEnergies" are one brand and a regional
 * brand only matches where it exists. Built once per process (about a second: the location index).
 */
export function loadBrands(): Brands {
  built ??= buildBrands();
  return built;
}

function buildBrands(): Brands {
  const data = { [NSI_CATEGORY]: nsiFuel.category } as unknown as NsiData;
  const matcher = new Matcher();
  matcher.buildMatchIndex(data);
  matcher.buildLocationIndex(
    data,
    new LocationConflation(
      nsiFuel.featureCollection as unknown as ConstructorParameters<typeof LocationConflation>[0],
    ),
  );
  const items = new Map<string, string | undefined>();
  for (const item of nsiFuel.category.items as { id: string; tags: { brand?: string } }[]) {
    items.set(item.id, item.tags.brand);
  }

  const lookup = (value: string, at: [number, number]): BrandResult | null => {
    const hits = matcher.match('amenity', 'fuel', value, at);
    const hit = hits?.[0];
    if (!hit) return null;
    if (hit.match === 'excludeGeneric' || hit.match === 'excludeNamed') {
      return { brand: null, outcome: 'generic' };
    }
    const brand = hit.itemID ? items.get(hit.itemID) : undefined;
    return brand ? { brand, outcome: 'matched' } : null;
  };

  return {
    version: nsiFuel.version,
    canonical(row) {
      const at: [number, number] =
        row.lat !== undefined && row.lon !== undefined ? [row.lon, row.lat] : [FRANCE[0], FRANCE[1]];
      const brand = row.brand?.trim() || null;
      if (brand) return lookup(brand, at) ?? { brand, outcome: 'kept' };
      const name = row.name?.trim() || null;
      // A name alone gives a brand only when NSI knows it ("Intermarché"); "Garage Martin" gives none.
      const fromName = name ? lookup(name, at) : null;
      return fromName?.outcome === 'matched' ? fromName : { brand: null, outcome: 'none' };
    },
  };
}
