import type { FuelCode } from '../domain/fuels.ts';

/**
 * The price history backfilled from the official yearly archives (issue 18, docs/HISTORY.md), as stored in
 * the data bucket: one gzip JSON object per station and year, and per département (and `FR`) and year for the
 * daily trends, under a generation that the year's pointer names. A year becomes visible only when its pointer
 * is written, last: a run that fails leaves the previous generation (or nothing) in place.
 */

/** Why a point is kept but left out of statistics, trends and advice. */
export type PointFlag = 'outlier' | 'reverted';

/** One price change as served: the instant with its Paris offset, euros, and a flag when it is suspect. */
export interface ArchivePoint {
  /** ISO 8601 with the Europe/Paris offset of that moment, e.g. 2023-11-22T21:04:10+01:00. */
  at: string;
  price: number;
  flag?: PointFlag;
}

/**
 * One fuel's changes in a station-year object, columnar and compact: `t` epoch seconds, delta-coded (the first
 * absolute, each next one the difference to the previous); `p` prices in millièmes of a euro (integers);
 * `f`, only when a point is flagged, one code per point (0 none, 1 outlier, 2 reverted). Oldest first. The
 * first point may lie before the year: the yearly file carries the last price known before it.
 */
export interface StoredSeries {
  t: number[];
  p: number[];
  f?: number[];
}

/** `history/v1/<year>/<generation>/stations/<stationId>.json.gz` */
export interface StationYear {
  v: 1;
  station: string;
  year: number;
  dept: string;
  series: Partial<Record<FuelCode, StoredSeries>>;
}

/** Station-years stored together: BACKFILL.stationsPerObject consecutive stations of the file. */
export interface StationBatch {
  v: 1;
  year: number;
  batch: number;
  stations: StationYear[];
}

/** The station ids of each batch of a generation, batch 0 first. */
export interface StationIndex {
  v: 1;
  year: number;
  batches: string[][];
}

/**
 * One fuel's daily figures in a trends object, one entry per day of the year from 1 January (index 0): the
 * median of the stations' end-of-day prices (millièmes, null when no station counted) and how many counted.
 */
export interface StoredTrend {
  median: (number | null)[];
  count: number[];
}

/** `history/v1/<year>/<generation>/trends/<dept>.json.gz`; dept `FR` is the national row. */
export interface TrendYear {
  v: 1;
  year: number;
  dept: string;
  series: Partial<Record<FuelCode, StoredTrend>>;
}

/** `history/v1/<year>/current.json`: the committed generation of a year. Written last, replaced whole. */
export interface YearPointer {
  v: 1;
  year: number;
  generation: string;
  /** SHA-256 (hex) of the archive's bytes as read (the ZIP, or the XML): equal bytes are not read again. */
  sourceSha256: string;
  stations: number;
  changes: number;
  flagged: Record<PointFlag, number>;
  /** Départements with a trends object, `FR` included. */
  depts: string[];
  /** Paris dates of the first and last day with a trend figure. */
  firstDay: string | null;
  lastDay: string | null;
  committedAt: string;
}

/** What a backfill run reports while it reads (once a second or so) and at its end. */
export interface BackfillProgress {
  /** Source bytes read so far, and the total when known (a file's size). */
  bytes: number;
  totalBytes: number | null;
  stations: number;
  changes: number;
  elapsedMs: number;
  /** Source megabytes (10^6 bytes) per second so far. */
  mbPerSecond: number;
}

export interface BackfillSummary {
  year: number;
  /** 'unchanged': the pointer already names these exact bytes, nothing was written. */
  outcome: 'written' | 'unchanged';
  generation: string;
  sourceSha256: string;
  sourceBytes: number;
  stations: number;
  changes: number;
  flagged: Record<PointFlag, number>;
  /** Objects and their bytes written to S3 by this run (0 when unchanged). */
  objectsWritten: number;
  bytesWritten: number;
  /** Objects of the generation this run replaced, deleted after the commit. */
  objectsDeleted: number;
  durationMs: number;
}
