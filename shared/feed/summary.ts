import type { Station, StationFlag } from '#shared/domain/station.ts';

export type RejectKind = 'station' | 'price' | 'out-of-stock' | 'hours';

/** Something in the feed that could not be read. Stations are only rejected for a missing or repeated id. */
export interface FeedReject {
  /** Station id ('' when the station has none). */
  id: string;
  kind: RejectKind;
  reason: string;
}

export interface FlagStats {
  /** Stations with this flag (for 'duplicate-id': repeated records, which are not yielded). */
  count: number;
  /** Up to 5 station ids, in feed order. */
  examples: string[];
}

/** What a read produced. Only a returned summary means the whole feed was read. */
export interface FeedSummary {
  format: 'zip' | 'xml';
  /** Name of the ZIP entry; null for bare XML. */
  entryName: string | null;
  /** Encoding used to decode the XML (from its declaration; ISO-8859-1 when it declares none). */
  encoding: string;
  stations: number;
  prices: number;
  outOfStock: number;
  /** Records left out (stations, prices, ruptures, hours entries), all counted. */
  rejected: number;
  /** The first `maxRejects` of them. */
  rejects: FeedReject[];
  flags: Partial<Record<StationFlag, FlagStats>>;
  /** Oldest and newest price `updatedAt`; null when the feed has no price. */
  updated: { min: string; max: string } | null;
  /** Raw bytes read (the compressed size for a ZIP). */
  bytesIn: number;
  /** XML bytes (inflated). */
  xmlBytes: number;
  /** SHA-256 (hex) of the raw bytes: what the ingest compares with the previous run. */
  sha256: string;
  ms: number;
}

const EXAMPLES = 5;

/** Accumulates the counts while the feed streams by. */
export class SummaryBuilder {
  stations = 0;
  prices = 0;
  outOfStock = 0;
  rejected = 0;
  readonly rejects: FeedReject[] = [];
  readonly flags: Partial<Record<StationFlag, FlagStats>> = {};
  private min: string | null = null;
  private max: string | null = null;
  private readonly maxRejects: number;

  constructor(maxRejects: number) {
    this.maxRejects = maxRejects;
  }

  station(s: Station): void {
    this.stations++;
    this.prices += s.prices.length;
    this.outOfStock += s.outOfStock.length;
    for (const p of s.prices) {
      // Same-zone local times compare as text; the offset only differs inside the autumn overlap hour.
      if (this.min === null || p.updatedAt < this.min) this.min = p.updatedAt;
      if (this.max === null || p.updatedAt > this.max) this.max = p.updatedAt;
    }
    for (const flag of s.flags) this.flag(flag, s.id);
  }

  flag(flag: StationFlag, id: string): void {
    const stats = this.flags[flag];
    if (!stats) this.flags[flag] = { count: 1, examples: [id] };
    else {
      stats.count++;
      if (stats.examples.length < EXAMPLES) stats.examples.push(id);
    }
  }

  reject(r: FeedReject): void {
    this.rejected++;
    if (this.rejects.length < this.maxRejects) this.rejects.push(r);
  }

  get updated(): { min: string; max: string } | null {
    return this.min !== null && this.max !== null ? { min: this.min, max: this.max } : null;
  }
}
