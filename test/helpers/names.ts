import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import type { NameEntry, NamesTable } from '#shared/domain/names.ts';
import { putNamesTable } from '#shared/names/store.ts';

/** The real OSM names file (../shared/names/README.md, never copied): 12,601 rows, 5 columns. */
const NAMES_FILE = '../shared/names/osm_stations_2026-06-01_hass-prixcarburant.csv';

/**
 * A names table from the 5-column CSV, for tests of the join that must not depend on the names function:
 * columns by header name, the first row of an id wins, brands as written (no name-suggestion-index). The
 * names function's own reader (shared/names/) can replace this once both are merged; the tests only need
 * "a realistic table at NAMES.objectKey".
 */
export function namesTableFromCsv(path = NAMES_FILE): NamesTable {
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  const entries: Record<string, NameEntry> = {};
  let rowsWithId = 0;
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const row of rows) {
    const id = row['ref:FR:prix-carburants'];
    if (!id) continue;
    rowsWithId++;
    if (seen.has(id)) {
      duplicates.add(id);
      continue;
    }
    seen.add(id);
    const brand = row.brand || null;
    entries[id] = { name: row.name || null, brand, osmBrand: brand, operator: row.operator || null };
  }
  return withVersion({
    fetchedAt: '2026-06-01T05:00:00.000Z',
    source: basename(path),
    rows: rows.length,
    rowsWithId,
    duplicateIds: duplicates.size,
    entries,
  });
}

/** The table with `version` recomputed from its entries, as the names function's versions move. */
export function withVersion(table: Omit<NamesTable, 'version'> & { version?: string }): NamesTable {
  const version = createHash('sha256').update(JSON.stringify(table.entries)).digest('hex').slice(0, 16);
  return { ...table, version };
}

/** Publishes the table where the ingest and the API read it (the data bucket, NAMES.objectKey). */
export async function publishNamesTable(s3: S3Client, bucket: string, table: NamesTable): Promise<void> {
  await putNamesTable(s3, bucket, table);
}
