import { createHash } from 'node:crypto';
import type { NameEntry, NamesTable } from '../domain/names.ts';
import { NAMES } from '../platform.ts';
import type { BrandOutcome, Brands } from './brands.ts';
import { NamesError } from './errors.ts';
import type { NamesRow } from './read.ts';

/** A feed station id: 7 or 8 digits (département 01–95 then a serial; docs/FEED.md). */
const FEED_ID = /^\d{7,8}$/;

/** The table with what building it counted, for the names run. */
export interface BuiltNames {
  table: NamesTable;
  /** `ref:FR:prix-carburants` values that are not a feed id ("n/a", "1234"): dropped. */
  invalidIds: number;
  brands: Record<BrandOutcome, number>;
}

/**
 * The duplicate rule (docs/NAMES.md, "Duplicate ids"): when several OSM objects carry the same feed id (a
 * node and the station's area, or two pumps of one site), the row kept is the one that, in order,
 * 1. has both a brand and a name, 2. has more of name, brand, operator and branch filled in,
 * 3. has the lowest OSM id when the file gives them (the oldest object), 4. comes first in the file.
 * Every step compares only what the rows say, so the same file always gives the same table.
 */
export function preferRow(a: NamesRow, b: NamesRow): NamesRow {
  const both = (r: NamesRow) => (r.brand && r.name ? 1 : 0);
  if (both(a) !== both(b)) return both(a) > both(b) ? a : b;
  const filled = (r: NamesRow) => [r.name, r.brand, r.operator, r.branch].filter(Boolean).length;
  if (filled(a) !== filled(b)) return filled(a) > filled(b) ? a : b;
  if (a.osmId !== undefined && b.osmId !== undefined && a.osmId !== b.osmId) return a.osmId < b.osmId ? a : b;
  return a.row <= b.row ? a : b;
}

/**
 * Builds the compact table from the rows of a names file: one entry per feed id (a value may list several,
 * `;`-separated, as OSM does), the duplicate rule applied, the brand normalised (`brands`). Throws EMPTY
 * for a file without data rows; `validateNames` decides whether the result may be published.
 */
export async function buildNamesTable(
  rows: AsyncIterable<NamesRow> | Iterable<NamesRow>,
  o: { brands: Brands; source: string; fetchedAt: string },
): Promise<BuiltNames> {
  const chosen = new Map<string, NamesRow>();
  const seen = new Map<string, number>();
  let count = 0;
  let rowsWithId = 0;
  let invalidIds = 0;
  for await (const row of rows) {
    count++;
    if (!row.ref) continue;
    let valid = false;
    for (const raw of row.ref.split(';')) {
      const id = raw.trim();
      if (!FEED_ID.test(id)) {
        invalidIds++;
        continue;
      }
      valid = true;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const current = chosen.get(id);
      chosen.set(id, current ? preferRow(current, row) : row);
    }
    if (valid) rowsWithId++;
  }
  if (count === 0) throw new NamesError('EMPTY', 'the names file has a header but no data row');

  const brands: Record<BrandOutcome, number> = { matched: 0, generic: 0, kept: 0, none: 0 };
  const entries: Record<string, NameEntry> = {};
  for (const id of [...chosen.keys()].sort()) {
    const row = chosen.get(id) as NamesRow;
    const brand = o.brands.canonical(row);
    brands[brand.outcome]++;
    entries[id] = { name: row.name, brand: brand.brand, osmBrand: row.brand, operator: row.operator };
  }
  let duplicateIds = 0;
  for (const n of seen.values()) if (n > 1) duplicateIds++;
  return {
    table: {
      version: namesVersion(entries),
      fetchedAt: o.fetchedAt,
      source: o.source,
      rows: count,
      rowsWithId,
      duplicateIds,
      entries,
    },
    invalidIds,
    brands,
  };
}

/** A hash of the entries alone (ids in order): the same names give the same version, whenever fetched. */
export function namesVersion(entries: Record<string, NameEntry>): string {
  const hash = createHash('sha256');
  for (const id of Object.keys(entries).sort()) {
    const e = entries[id] as NameEntry;
    hash.update(JSON.stringify([id, e.name, e.brand, e.osmBrand, e.operator]));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 16);
}

export type NamesVerdict = { ok: true } | { ok: false; code: 'EMPTY' | 'NO_IDS' | 'SHRUNK'; message: string };

/**
 * Whether a built table may replace the last good one: not empty, some ids, and not shrunk by more than
 * NAMES.maxShrink against the last good table's ids (a cut download, an export run on part of France).
 */
export function validateNames(
  table: Pick<NamesTable, 'rows' | 'entries'>,
  lastGood: Pick<NamesTable, 'entries'> | null,
  maxShrink: number = NAMES.maxShrink,
): NamesVerdict {
  if (table.rows === 0) return { ok: false, code: 'EMPTY', message: 'the names file has no data row' };
  const ids = Object.keys(table.entries).length;
  if (ids === 0) {
    return {
      ok: false,
      code: 'NO_IDS',
      message: `${table.rows} rows but no valid ref:FR:prix-carburants id`,
    };
  }
  const before = lastGood ? Object.keys(lastGood.entries).length : 0;
  const floor = Math.ceil(before * (1 - maxShrink));
  if (ids < floor) {
    return {
      ok: false,
      code: 'SHRUNK',
      message: `${ids} ids, fewer than ${floor} (${Math.round(maxShrink * 100)}% below the last good table's ${before})`,
    };
  }
  return { ok: true };
}
