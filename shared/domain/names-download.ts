/**
 * The ODbL download of the names table (pure, issue 16): OpenStreetMap's share-alike licence asks that a
 * database derived from OSM that we publish be offered under the ODbL too. Each row is one station id of the
 * names table (the duplicate rule already applied), joined with the station's postcode and town in the
 * published snapshot. GET /api/names serves it as CSV (a `#` licence line, then a header row) or JSON.
 */
import type { NamesTable } from './names.ts';

export interface NameRow {
  id: string;
  name: string | null;
  brand: string | null;
  /** OSM's `brand` as written, before normalisation. */
  osmBrand: string | null;
  operator: string | null;
  /** The station's postcode and town in the published snapshot; null when the feed has no such station. */
  cp: string | null;
  town: string | null;
}

export const NAME_COLUMNS = ['id', 'name', 'brand', 'osmBrand', 'operator', 'cp', 'town'] as const;

/** Every entry of the table by id (ascending), with the place of the station that has that id. */
export function nameRows(
  table: Pick<NamesTable, 'entries'>,
  places: Iterable<{ id: string; cp: string; town: string }>,
): NameRow[] {
  const byId = new Map<string, { cp: string; town: string }>();
  for (const p of places) byId.set(p.id, p);
  return Object.keys(table.entries)
    .sort()
    .map((id) => {
      const e = table.entries[id] as NamesTable['entries'][string];
      const place = byId.get(id);
      return {
        id,
        name: e.name,
        brand: e.brand,
        osmBrand: e.osmBrand,
        operator: e.operator,
        cp: place?.cp ?? null,
        town: place?.town ?? null,
      };
    });
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled; null is empty. */
function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The CSV download: the licence as a `#` comment line, the header row, one line per row (CRLF). */
export function namesCsv(rows: readonly NameRow[], licenceLine: string): string {
  const lines = [`# ${licenceLine.replace(/[\r\n]+/g, ' ')}`, NAME_COLUMNS.join(',')];
  for (const r of rows) lines.push(NAME_COLUMNS.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
