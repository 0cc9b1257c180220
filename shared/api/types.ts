/**
 * The public station API's response JSON, shared by the route handlers (functions/http/) and the site
 * (web/src/lib/api.ts). Additive changes only: new optional fields, never renamed or removed ones.
 * docs/API.md describes the parameters, errors and caching of each route.
 */
import type { FuelCode } from '../domain/fuels.ts';
import type { PlaceResult, QueryKind, StationResult } from '../domain/search-index.ts';
import type { FeedVersion } from '../domain/snapshot.ts';
import type { Closure, OpeningHours, OutOfStock, Station, StationFlag } from '../domain/station.ts';
import type { Resolution as HistoryResolution } from '../history/downsample.ts';
import type { PointFlag } from '../history/types.ts';

export type { FuelCode } from '../domain/fuels.ts';
export type { FeedVersion } from '../domain/snapshot.ts';
export type { Closure, DayHours, OpeningHours, OutOfStock, StationFlag } from '../domain/station.ts';

/**
 * Every response says which published feed it was computed from. The data routes answer
 * 503 `{ error: { code: 'no_data' } }` until a first ingest has published something, so their `version` is
 * never null; only `GET /api/fuels` (static) answers with `version: null` then.
 */
export interface Versioned {
  version: FeedVersion;
}

/** One fuel price as served: the raw value, plus how old it is at the time of the request. */
export interface ApiPrice {
  fuel: FuelCode;
  fuelId: number;
  /** Euros per litre, as in the feed (outliers kept, see `outlier`). */
  price: number;
  /** ISO 8601 with the Europe/Paris offset. */
  updatedAt: string;
  /** Hours between `updatedAt` and the request, one decimal. */
  ageHours: number;
  /** Older than STALE_PRICE_HOURS (48 h). */
  stale: boolean;
  /** Implausible value (e.g. 0.001 € or 7.9 €): shown, never ranked, sorted or counted in statistics. */
  outlier: boolean;
}

/** Warnings worth showing next to a station. `feed` is every flag the feed reader raised. */
export interface ApiStationFlags {
  /** The requested fuel's price (list) or any price (detail) is stale. */
  stalePrice: boolean;
  /** Coordinates missing, swapped, unscaled, or far from the postcode. */
  suspiciousCoordinates: boolean;
  feed: StationFlag[];
}

/** What lists and details share: the station's identity and place as the feed gives them (domain/station.ts). */
export interface ApiStationBase
  extends Pick<Station, 'id' | 'lat' | 'lon' | 'cp' | 'dept' | 'town' | 'address' | 'road'> {
  /** The OpenStreetMap name (© OpenStreetMap contributors, ODbL), or null. */
  name: string | null;
  /** The canonical brand (name-suggestion-index over OSM's `brand`), or null. */
  brand: string | null;
  /** Fuels the feed reports out of stock (codes). */
  outOfStock: FuelCode[];
  /**
   * Open at the time of the request (Europe/Paris). true for 24/7 automats; null when the feed has no usable
   * hours for today.
   */
  openNow: boolean | null;
  automat24: boolean;
  flags: ApiStationFlags;
}

// ─── GET /api/stations ──────────────────────────────────────────────────────────────────────────────────

export type NearbySort = 'distance' | 'price';

export interface NearbyStation extends ApiStationBase {
  /** Great-circle distance from the query point, km, 3 decimals. */
  distanceKm: number;
  /** The requested fuel's price; null when no fuel was requested or the station has no price for it. */
  price: ApiPrice | null;
  /** Every price of the station, in fuel id order. */
  prices: ApiPrice[];
}

export interface NearbyResponse extends Versioned {
  /** The query as understood (defaults applied, fuel resolved to its code). */
  query: {
    lat: number;
    lon: number;
    radiusKm: number;
    fuel: FuelCode | null;
    sort: NearbySort;
    openNow: boolean;
    inStock: boolean;
    road: 'R' | 'A' | null;
    /** The brand filter (deduplicated, as given); [] when none. */
    brands: string[];
    limit: number;
  };
  /** Stations matching the filters within the radius (all pages). */
  total: number;
  /**
   * With sort=price: stations without a usable price for the fuel (a shortage without one, or an outlier;
   * a station that does not sell the fuel is never listed) are sorted after
   * every priced station ('last'); null with sort=distance.
   */
  withoutFuel: 'last' | null;
  /**
   * Stations whose opening hours are unknown (openNow null): 'included' unless openNow=true was asked,
   * then 'excluded'.
   */
  unknownHours: 'included' | 'excluded';
  stations: NearbyStation[];
  /** Pass as `cursor` (with the same other parameters) for the next page; null on the last page. */
  nextCursor: string | null;
}

// ─── GET /api/stations/{id} ─────────────────────────────────────────────────────────────────────────────

/** A position in a ranking: 1 = cheapest; ties share a rank (1, 1, 3). */
export interface Rank {
  rank: number;
  /** How many prices were ranked. */
  of: number;
}

export interface RankedPrice extends ApiPrice {
  /**
   * Rank among the non-outlier prices of this fuel updated in the RANK_WINDOW_DAYS (7) days before the feed
   * time, nationally and in the station's département; null when this price is not ranked (outlier or older).
   */
  rank: { national: Rank; dept: Rank } | null;
}

export interface StationDetail extends ApiStationBase {
  prices: RankedPrice[];
  /** Full out-of-stock records (type, since, until). */
  outOfStockDetails: OutOfStock[];
  services: string[];
  hours: OpeningHours | null;
  closure: Closure | null;
}

export interface StationResponse extends Versioned {
  station: StationDetail;
}

// ─── GET /api/search ────────────────────────────────────────────────────────────────────────────────────

/** How a result matched the query (ranked exact > prefix > contains); the search itself defines the shapes. */
export type { MatchKind } from '../domain/search-index.ts';
/**
 * A commune, an arrondissement, a town as the stations spell it, or an address or landmark from the
 * geocoder; `centre` says where its coordinates come from.
 */
export type Place = PlaceResult;
export type SearchStation = StationResult;

export interface SearchResponse extends Versioned {
  q: string;
  /** How the query was read: a postcode (5 digits), a postcode prefix or département, or words. */
  kind: QueryKind;
  places: Place[];
  stations: SearchStation[];
}

// ─── GET /api/stations/{id}/history ─────────────────────────────────────────────────────────────────────

export type { HistoryResolution, PointFlag };

export interface HistoryPoint {
  /** When the price was set (ISO with Paris offset); for a bucket, its last unflagged change. */
  at: string;
  price: number;
  /** A suspect change (outlier, reverted within minutes): served, but out of statistics. Only by change. */
  flag?: PointFlag;
  /** A bucket's (day, week) lowest and highest unflagged price and its number of changes, flagged included. */
  min?: number;
  max?: number;
  changes?: number;
}

export interface HistorySeries {
  fuel: FuelCode;
  /** `change`: every change; `day`/`week`: one point per Paris day or ISO week with changes (docs/API.md). */
  resolution: HistoryResolution;
  /** How many changes the range held (flagged included), and how many of them are flagged. */
  changes: number;
  flagged: number;
  /** Oldest first. Only changes are recorded, so a flat price has few points. */
  points: HistoryPoint[];
  /** The price in the published snapshot, or null when the station no longer lists this fuel. */
  current: ApiPrice | null;
}

export interface HistoryResponse extends Versioned {
  stationId: string;
  /** The range's length in days (`days`, or the Paris dates from–to inclusive). */
  days: number;
  /** The window, ISO instants. */
  from: string;
  to: string;
  /** The first Paris date of the backfilled archive (null: none yet): no change is known before it. */
  archiveFrom: string | null;
  series: HistorySeries[];
}

// ─── GET /api/stats ─────────────────────────────────────────────────────────────────────────────────────

export interface PriceStats {
  fuel: FuelCode;
  /** Département code, or 'FR' for the whole country. */
  dept: string;
  min: number;
  median: number;
  mean: number;
  count: number;
}

/** A current figure, named: "Corrèze" for '19', "France" for 'FR' (null for a code unknown to the list). */
export interface CurrentPriceStats extends PriceStats {
  name: string | null;
}

export interface DailyPriceStats extends PriceStats {
  /** YYYY-MM-DD (Paris). */
  day: string;
}

export interface StatsResponse extends Versioned {
  /** The Paris date of the feed time the current figures are computed for. */
  day: string;
  /** Current figures from the snapshot: non-outlier prices updated in the last 7 days. FR first, then depts. */
  current: CurrentPriceStats[];
  /** Daily figures recorded by the ingest (STATS# items) for the requested dept (default FR), oldest first. */
  series: DailyPriceStats[];
  days: number;
  /** With `?brand=`: the brand as asked, every figure over its stations only (issue 16); null otherwise. */
  brand: string | null;
}

// ─── GET /api/fuels ─────────────────────────────────────────────────────────────────────────────────────

export interface FuelInfo {
  id: number;
  code: FuelCode;
  label: string;
}

export interface FuelsResponse {
  version: FeedVersion | null;
  fuels: FuelInfo[];
}
