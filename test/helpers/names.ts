import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { NamesTable } from '#shared/domain/names.ts';
import { loadBrands } from '#shared/names/brands.ts';
import { readNames } from '#shared/names/read.ts';
import { buildNamesTable, namesVersion } from '#shared/names/table.ts';

/** The real OSM names file (../shared/names/README.md, never copied): 12,601 rows, 5 columns. */
const NAMES_FILE = '../shared/names/osm_stations_2026-06-01_hass-prixcarburant.csv';

/**
 * The names table the names function would publish from the real file: the same reader, duplicate rule and
 * brand normalisation (shared/names/), without the function's archive and run record around them.
 */
export async function namesTableFromCsv(path = NAMES_FILE): Promise<NamesTable> {
  const built = await buildNamesTable(readNames(createReadStream(path)), {
    brands: loadBrands(),
    source: basename(path),
    fetchedAt: '2026-06-01T05:00:00.000Z',
  });
  return built.table;
}

/** The table with `version` recomputed from its entries, as the names function's versions move. */
export function withVersion(table: Omit<NamesTable, 'version'> & { version?: string }): NamesTable {
  return { ...table, version: namesVersion(table.entries) };
}
