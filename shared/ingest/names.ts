import { listNameOverrides } from '../db/name-overrides.ts';
import type { PublishedData } from '../db/runs.ts';
import {
  applyNames,
  type NameOverride,
  type NamesCoverage,
  type NamesTable,
  namesCoverage,
} from '../domain/names.ts';
import type { Station } from '../domain/station.ts';
import { getNamesTable } from '../names/store.ts';
import { IngestError, runError } from './errors.ts';
import { canonicalJson, shortHash } from './hash.ts';
import type { RunContext } from './run-context.ts';

/**
 * Step "names" of a run (issue 16, docs/INGEST.md "Names and brands"): the published names table and the
 * accepted overrides, read once at the start and joined into every station before it is hashed, so a new
 * name changes the station's hash and the station is rewritten and re-published like any other change.
 */

/** What the join used: recorded on the run and the pointer; a run whose joined names moved re-publishes. */
export interface NamesFingerprint {
  /** The names table's version (null: none published yet). */
  namesVersion: string | null;
  /** A hash of the overrides' effective fields (null: no override). */
  overridesHash: string | null;
}

export interface JoinNames extends NamesFingerprint {
  table: NamesTable | null;
  overrides: ReadonlyMap<string, NameOverride>;
}

/**
 * Reads the table (data bucket) and the overrides (table), concurrently. No table yet is normal (stations
 * carry no name); a read that FAILS, or a table that is not one, fails the run with NAMES_UNAVAILABLE before
 * any byte of the feed is read: publishing then would replace every named station by a nameless one.
 */
export async function loadNames(ctx: RunContext): Promise<JoinNames> {
  const { deps } = ctx;
  const [table, overrides] = await Promise.all([
    getNamesTable(deps.s3, deps.dataBucket).catch((error: unknown) => {
      throw unavailable('the names table', error);
    }),
    listNameOverrides(deps.table).catch((error: unknown) => {
      throw unavailable('the name overrides', error);
    }),
  ]);
  if (table && (typeof table.version !== 'string' || !isRecord(table.entries))) {
    throw new IngestError(
      'NAMES_UNAVAILABLE',
      'the published names table has no version or entries: not joined, nothing published',
    );
  }
  return { table, overrides, namesVersion: table?.version ?? null, overridesHash: overridesHash(overrides) };
}

function unavailable(what: string, error: unknown): IngestError {
  return new IngestError(
    'NAMES_UNAVAILABLE',
    `${what} could not be read (${runError(error).message}): nothing published, the next run retries`,
    { cause: error },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only what changes a station (its id and the fields set): re-accepting the same correction moves nothing. */
export function overridesHash(overrides: ReadonlyMap<string, NameOverride>): string | null {
  if (overrides.size === 0) return null;
  const effective = [...overrides.values()]
    .map((o) => ({ id: o.stationId, name: o.name, brand: o.brand, lat: o.lat, lon: o.lon }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return shortHash(canonicalJson(effective));
}

/**
 * Did the published snapshot join the same names? A pointer from before names existed has neither field:
 * it matches "no table, no override" and nothing else.
 */
export function sameNames(published: PublishedData | null, names: NamesFingerprint): boolean {
  return (
    (published?.namesVersion ?? null) === names.namesVersion &&
    (published?.overridesHash ?? null) === names.overridesHash
  );
}

/**
 * The join over one pass of the feed: `apply` gives each station its name and brand (override first, then
 * the table: `applyNames`); `coverage` counts the stations kept (the first of each id, as the collector).
 */
export function namesJoiner(names: JoinNames) {
  const kept = new Map<string, Pick<Station, 'id' | 'name' | 'brand'>>();
  return {
    apply(station: Station): Station {
      const joined = applyNames(station, names.table?.entries[station.id], names.overrides.get(station.id));
      if (!kept.has(joined.id))
        kept.set(joined.id, { id: joined.id, name: joined.name, brand: joined.brand });
      return joined;
    },
    coverage(): NamesCoverage {
      return namesCoverage(kept.values(), names.table);
    },
  };
}
