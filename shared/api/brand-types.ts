/**
 * The brand and names routes' response JSON (issue 16): GET /api/brands, GET /api/names?format=json.
 * Station names and brands come from OpenStreetMap (© OpenStreetMap contributors, ODbL 1.0).
 */
import type { BrandCount } from '../domain/brands.ts';
import type { NameRow } from '../domain/names-download.ts';
import type { FeedVersion } from '../domain/snapshot.ts';

export type { BrandCount } from '../domain/brands.ts';
export type { NameRow } from '../domain/names-download.ts';

/** GET /api/brands: the brands of the published snapshot, most stations first, then by name. */
export interface BrandsResponse {
  version: FeedVersion;
  brands: BrandCount[];
}

/** GET /api/names?format=json: the whole table, with its licence and provenance. */
export interface NamesResponse {
  licence: {
    name: string;
    url: string;
    attribution: string;
    attributionUrl: string;
  };
  /** The names table's version, when its source was read, and from where. */
  namesVersion: string;
  fetchedAt: string;
  source: string;
  /** The snapshot the cp/town columns come from. */
  version: FeedVersion;
  count: number;
  rows: NameRow[];
}
