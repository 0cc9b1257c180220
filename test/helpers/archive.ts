import { encodeSeries } from '#shared/history/format.ts';
import { commitYear, type HistoryStore, newGeneration, putStationYears } from '#shared/history/store.ts';
import type { ArchivePoint } from '#shared/history/types.ts';

/**
 * One station's Gazole changes committed as a backfilled year, stored as runBackfill leaves it (a batch, its
 * index, the pointer): for tests of what reads the archive, without building an archive file.
 */
export async function commitStationYear(
  store: HistoryStore,
  year: { station: string; dept: string; year: number; points: readonly ArchivePoint[] },
): Promise<void> {
  const generation = newGeneration(new Date());
  const { station, dept, points } = year;
  await putStationYears(store, generation, year.year, [
    { v: 1, station, year: year.year, dept, series: { Gazole: encodeSeries(points) } },
  ]);
  await commitYear(store, {
    v: 1,
    year: year.year,
    generation,
    sourceSha256: '0'.repeat(64),
    stations: 1,
    changes: points.length,
    flagged: {
      outlier: points.filter((p) => p.flag === 'outlier').length,
      reverted: points.filter((p) => p.flag === 'reverted').length,
    },
    depts: [],
    firstDay: `${year.year}-01-01`,
    lastDay: `${year.year}-12-31`,
    committedAt: new Date().toISOString(),
  });
}
