/**
 * One refresh of the names table (docs/NAMES.md, "Runs"), recorded whatever happened so the admin can see
 * why the table did or did not change. A refused or failed run leaves the last good table in place.
 */
export type NamesRunStatus =
  | 'running'
  /** A new table was published. */
  | 'succeeded'
  /** The file gives the same entries as the published table: nothing written. */
  | 'unchanged'
  /** The file was read but refused (empty, not CSV, no id column, no ids, shrunk). */
  | 'refused'
  /** No source could be read, or storing failed. */
  | 'failed';

export interface NamesRun {
  runId: string;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  trigger: string;
  status: NamesRunStatus;
  /** Why a run was refused or failed: a NamesErrorCode and a message. */
  error?: { code: string; message: string };
  /** The source read (a URL without its query, or a file name), and every source tried. */
  source?: string;
  attempts?: { source: string; error?: string }[];
  /** The raw file in the archive bucket (null when nothing was stored). */
  archiveKey?: string | null;
  bytes?: number;
  rows?: number;
  rowsWithId?: number;
  /** Distinct feed ids in the table built, invalid `ref:FR:prix-carburants` values dropped, ids on several objects. */
  ids?: number;
  invalidIds?: number;
  duplicateIds?: number;
  /** Brands matched to NSI, cleared as not a brand, kept as written, none. */
  brands?: { matched: number; generic: number; kept: number; none: number };
  /** The table built, and the one published before this run (null: none). */
  version?: string;
  previousVersion?: string | null;
  previousIds?: number;
}
