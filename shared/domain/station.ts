import type { FuelCode } from './fuels.ts';

/**
 * A normalized station, as the feed reader yields it and as the snapshot and the API serve it.
 * This is the contract between shared/feed, shared/ingest and the API: extend it with optional fields only.
 */
export interface Station {
  /** Feed id, 7–8 digits, kept as a string (never derive anything from it). */
  id: string;
  /** WGS84 degrees; null when the feed gives nothing usable (then `flags` says why). */
  lat: number | null;
  lon: number | null;
  /** 5-character postcode as given (Corsica is 20xxx). */
  cp: string;
  /** Département code: '01'…'95', '2A'/'2B', '971'…'976'. */
  dept: string;
  town: string;
  address: string;
  /** 'R' road, 'A' autoroute (motorway); other letters kept as given. */
  road: string;
  prices: Price[];
  outOfStock: OutOfStock[];
  services: string[];
  /** null when the feed has no opening hours for the station. */
  hours: OpeningHours | null;
  /** Set when the feed says the station itself is closed (`<fermeture>`). */
  closure?: Closure | null;
  /** Everything suspicious about the record, kept rather than dropped. */
  flags: StationFlag[];
  /** The OpenStreetMap name (issue 16): joined by the ingest (names.ts `applyNames`), never in the feed. */
  name?: string | null;
  /** The canonical brand (name-suggestion-index), joined with the name. */
  brand?: string | null;
}

export interface Price {
  fuel: FuelCode;
  fuelId: number;
  /** Euros per litre. */
  price: number;
  /** ISO 8601 instant with the Europe/Paris offset of that moment, e.g. 2025-07-28T15:00:04+02:00. */
  updatedAt: string;
  /** Set when the value is outside plausible bounds: kept, but excluded from statistics. */
  outlier?: boolean;
}

export interface OutOfStock {
  fuel: FuelCode;
  fuelId: number;
  /** 'temporaire' | 'definitive' | '' as given by the feed. */
  type: string;
  since: string | null;
  until: string | null;
}

export interface Closure {
  type: string;
  since: string | null;
  until: string | null;
}

export interface OpeningHours {
  /** The `automate-24-24` attribute: a 24/7 automatic pump. */
  automat24: boolean;
  /** Seven entries, Monday (1) to Sunday (7). */
  days: DayHours[];
}

export interface DayHours {
  day: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  closed: boolean;
  /** 'HH:MM' local Paris time; `close` <= `open` means the range runs past midnight. */
  ranges: { open: string; close: string }[];
}

/** Everything suspicious the reader can say about a record; the API schema and the tests use this list. */
export const STATION_FLAGS = [
  'coords-missing',
  'coords-swapped',
  'coords-unscaled',
  'coords-far-from-postcode',
  'postcode-invalid',
  'no-price',
  'price-outlier',
  'price-date-invalid',
  'duplicate-id',
  'text-repaired',
  'hours-placeholder',
  'road-unknown',
  /** Coordinates present but unreadable or not a position on Earth (lat/lon are then null). */
  'coords-invalid',
  /** A `<prix>` could not be read (value, fuel, duplicate fuel): that price was left out and reported. */
  'price-invalid',
  /** An opening day or time could not be read: that entry was left out and reported. */
  'hours-invalid',
  /** A `<rupture>` could not be read (unknown fuel: left out and reported; unreadable date: kept as null). */
  'outofstock-invalid',
] as const;

export type StationFlag = (typeof STATION_FLAGS)[number];
