import type { HistoryPoint } from '../api/types.ts';
import type { Table } from '../db/client.ts';
import { lastPriceBefore, readPriceHistory } from '../db/history.ts';
import type { FuelCode } from '../domain/fuels.ts';
import { parisInstant, parisLocalDateTime } from '../domain/time.ts';
import type { ArchiveReader } from './reader.ts';
import { parisYear } from './state-machine.ts';
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

/**
 * Every change of a station's fuels between two instants (inclusive), live and archive read in parallel.
 * With `carryIn`, each fuel's list opens with the last unflagged change before `fromMs` when one is known (the
 * price in effect when the range opens): a statistic over the range then covers its first hours too. It is
 * looked for in the live table (whatever its age) and in the archive from 1 January of the previous year.
 */
export async function stationChanges(
  deps: { table: Table; reader: ArchiveReader },
  stationId: string,
  fuels: readonly FuelCode[],
  fromMs: number,
  toMs: number,
  options: { carryIn?: boolean } = {},
): Promise<Map<FuelCode, ArchivePoint[]>> {
  const fromLocal = parisLocalDateTime(fromMs);
  // One archive read covers the range and the look-back: the year objects are fetched once.
  const archiveFrom = options.carryIn
    ? parisInstant(`${parisYear(new Date(fromMs)) - 1}-01-01`, 0, 0).getTime()
    : fromMs;
  const [live, before, archive] = await Promise.all([
    Promise.all(
      fuels.map((fuel) => readPriceHistory(deps.table, stationId, fuel, fromLocal, parisLocalDateTime(toMs))),
    ),
    options.carryIn
      ? Promise.all(fuels.map((fuel) => lastPriceBefore(deps.table, stationId, fuel, fromLocal)))
      : [],
    // The reader's end is exclusive; ours is inclusive.
    deps.reader.points(stationId, fuels, archiveFrom, toMs + 1),
  ]);
  const out = new Map<FuelCode, ArchivePoint[]>();
  fuels.forEach((fuel, i) => {
    const carried = before[i];
    const merged = mergePoints([...(carried ? [carried] : []), ...(live[i] ?? [])], archive.get(fuel) ?? []);
    // The table is read by Paris wall-clock text: the autumn hour that happens twice may bring a few
    // seconds outside the instants asked for.
    const inRange = merged.filter((p) => {
      const t = Date.parse(p.at);
      return t >= fromMs && t <= toMs;
    });
    const opening = options.carryIn
      ? merged.filter((p) => Date.parse(p.at) < fromMs && !p.flag).at(-1)
      : undefined;
    out.set(fuel, opening ? [opening, ...inRange] : inRange);
  });
  return out;
}
