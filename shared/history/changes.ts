import type { HistoryPoint } from '../api/types.ts';
import type { Table } from '../db/client.ts';
import { readPriceHistory } from '../db/history.ts';
import type { FuelCode } from '../domain/fuels.ts';
import { parisLocalDateTime } from '../domain/time.ts';
import type { ArchiveReader } from './reader.ts';
import type { ArchivePoint } from './types.ts';

/**
 * A station's price changes over any period: the live history the ingest writes to the table (recent
 * changes, as today) joined with the archive backfilled from the yearly files (docs/HISTORY.md). The two
 * overlap where the ingest ran during an archived year: a change present in both is served once.
 */

/** Same instant (whatever offset it is written with) and same price to the millième: one change. */
const changeKey = (p: { at: string; price: number }) => `${Date.parse(p.at)}|${Math.round(p.price * 1000)}`;

/**
 * The union of the live and archived changes of one fuel, oldest first, each change once. A change in both
 * keeps the archive's copy: only the archive knows its flag (outlier, reverted).
 */
export function mergePoints(live: HistoryPoint[], archive: ArchivePoint[]): ArchivePoint[] {
  const byKey = new Map<string, ArchivePoint>();
  for (const p of live) byKey.set(changeKey(p), { at: p.at, price: p.price });
  for (const p of archive) byKey.set(changeKey(p), p);
  // Sorting by instant, not text: live and archive may write the same instant differently.
  return [...byKey.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Every change of a station's fuels between two instants (inclusive), live and archive read in parallel. */
export async function stationChanges(
  deps: { table: Table; reader: ArchiveReader },
  stationId: string,
  fuels: readonly FuelCode[],
  fromMs: number,
  toMs: number,
): Promise<Map<FuelCode, ArchivePoint[]>> {
  const [live, archive] = await Promise.all([
    Promise.all(
      fuels.map((fuel) =>
        readPriceHistory(deps.table, stationId, fuel, parisLocalDateTime(fromMs), parisLocalDateTime(toMs)),
      ),
    ),
    // The reader's end is exclusive; ours is inclusive.
    deps.reader.points(stationId, fuels, fromMs, toMs + 1),
  ]);
  const out = new Map<FuelCode, ArchivePoint[]>();
  fuels.forEach((fuel, i) => {
    // The table is read by Paris wall-clock text: the autumn hour that happens twice may bring a few
    // seconds outside the instants asked for.
    const merged = mergePoints(live[i] ?? [], archive.get(fuel) ?? []).filter((p) => {
      const t = Date.parse(p.at);
      return t >= fromMs && t <= toMs;
    });
    out.set(fuel, merged);
  });
  return out;
}
