import type { Price, Station } from '../domain/station.ts';
import type { PriceSample } from '../domain/stats.ts';
import { canonicalJson, shortHash } from './hash.ts';

/**
 * The compact state the next run diffs against, one entry per station of a published feed:
 * `h` the content hash of the station's canonical JSON, `p` each fuel's `price@date` (to know which prices
 * changed without reading any item). ~1.5 MB of JSON, ~250 kB gzipped, for 10k stations.
 */
export interface IndexEntry {
  h: string;
  p: Record<string, string>;
}
export type StationIndex = Record<string, IndexEntry>;

/** One station as the read pass keeps it: its canonical JSON (snapshot material) and what the diff needs. */
export interface CollectedStation {
  id: string;
  hash: string;
  json: string;
  prices: Record<string, string>;
}

export interface Collected {
  /** In feed order, one per id (the first occurrence wins). */
  stations: Map<string, CollectedStation>;
  prices: number;
  /** Later records with an id already seen: not kept. */
  duplicates: number;
  duplicateIds: string[];
  /** Newest price date (ISO with offset as the feed reader gives it), null without prices. */
  newestPrice: string | null;
  samples: PriceSample[];
}

export interface PriceChange {
  stationId: string;
  fuel: string;
  price: number;
  updatedAt: string;
}

export interface Diff {
  /** New stations and stations whose content changed (compact: parsed again, one batch at a time, to write). */
  changed: CollectedStation[];
  /** Prices whose value or date changed (all prices of new stations). */
  history: PriceChange[];
  /** Ids in the previous index and no longer in the feed. */
  removed: string[];
  index: StationIndex;
}

function priceSignature(p: Pick<Price, 'price' | 'updatedAt'>): string {
  return `${p.price}@${p.updatedAt}`;
}

/** Accumulates stations as the feed reader yields them, keeping only compact forms. */
export function createCollector() {
  const stations = new Map<string, CollectedStation>();
  const samples: PriceSample[] = [];
  const duplicateIds: string[] = [];
  let prices = 0;
  let newestPrice: string | null = null;
  let newestMs = Number.NEGATIVE_INFINITY;

  return {
    /** Keeps the station; false (and nothing kept) when its id was already seen. */
    add(station: Station): boolean {
      if (stations.has(station.id)) {
        duplicateIds.push(station.id);
        return false;
      }
      const json = canonicalJson(station);
      const sigs: Record<string, string> = {};
      for (const p of station.prices) {
        sigs[p.fuel] = priceSignature(p);
        prices++;
        const at = Date.parse(p.updatedAt);
        if (at > newestMs) {
          newestMs = at;
          newestPrice = p.updatedAt;
        }
        samples.push({
          dept: station.dept,
          fuel: p.fuel,
          price: p.price,
          at,
          outlier: p.outlier,
          brand: station.brand ?? null,
        });
      }
      stations.set(station.id, { id: station.id, hash: shortHash(json), json, prices: sigs });
      return true;
    },
    get size() {
      return stations.size;
    },
    result(): Collected {
      return {
        stations,
        prices,
        duplicates: duplicateIds.length,
        duplicateIds,
        newestPrice,
        samples,
      };
    },
  };
}

/**
 * Compares the collected feed with the previous index (null: first run, everything is new). A station is
 * rewritten when its content hash differs; a history entry is due for each price whose value or date
 * differs from the previous one of that station and fuel.
 */
export function diffStations(stations: Map<string, CollectedStation>, previous: StationIndex | null): Diff {
  const changed: Diff['changed'] = [];
  const history: PriceChange[] = [];
  const index: StationIndex = {};
  for (const s of stations.values()) {
    index[s.id] = { h: s.hash, p: s.prices };
    const before = previous?.[s.id];
    if (before?.h === s.hash) continue;
    changed.push(s);
    for (const p of (JSON.parse(s.json) as Station).prices) {
      if (before?.p[p.fuel] === priceSignature(p)) continue;
      history.push({ stationId: s.id, fuel: p.fuel, price: p.price, updatedAt: p.updatedAt });
    }
  }
  const removed = previous ? Object.keys(previous).filter((id) => !stations.has(id)) : [];
  return { changed, history, removed, index };
}
