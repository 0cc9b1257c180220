/**
 * Rule evaluation (pure, no AWS): which stations a rule matches after one ingest run, given the published
 * stations and the run's changed prices. docs/ALERTS.md gives the rules in prose; test/unit/alerts has the
 * worked cases.
 */
import KDBush from 'kdbush';
import type { AlertChannel, AlertRule } from '../api/alert-types.ts';
import { distanceKm } from '../domain/geo.ts';
import { openNow } from '../domain/opening-hours.ts';
import { MAX_PRICE_AGE_DAYS } from '../domain/savings.ts';
import type { Station } from '../domain/station.ts';
import { type ParisClock, parisClock } from '../domain/time.ts';
import type { PriceChangeRecord } from './changes.ts';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
const EPSILON = 1e-9;
const MAX_AGE_MS = MAX_PRICE_AGE_DAYS * 86_400_000;

/** The stations of the published snapshot and the run's changes, indexed for evaluation. */
export interface World {
  readonly nowMs: number;
  readonly clock: ParisClock;
  readonly byId: ReadonlyMap<string, Station>;
  /** Every changed price of the run, keyed `<stationId>#<fuel>` (also the ones that went up: previous prices). */
  readonly changes: ReadonlyMap<string, PriceChangeRecord>;
  /** Stations within `radiusKm` of a point, with their great-circle distance. */
  near(lat: number, lon: number, radiusKm: number): { station: Station; distanceKm: number }[];
}

export const changeKey = (stationId: string, fuel: string) => `${stationId}#${fuel}`;

export function createWorld(
  stations: readonly Station[],
  changes: readonly PriceChangeRecord[],
  now: Date,
): World {
  const byId = new Map<string, Station>();
  const located: Station[] = [];
  for (const s of stations) {
    byId.set(s.id, s);
    if (s.lat !== null && s.lon !== null && Number.isFinite(s.lat) && Number.isFinite(s.lon)) located.push(s);
  }
  const geo = new KDBush(Math.max(1, located.length));
  for (const s of located) geo.add(s.lon as number, s.lat as number);
  if (located.length === 0) geo.add(0, 0);
  geo.finish();
  const changeMap = new Map<string, PriceChangeRecord>();
  for (const c of changes) changeMap.set(changeKey(c.s, c.f), c);
  const nowMs = now.getTime();
  return {
    nowMs,
    clock: parisClock(nowMs),
    byId,
    changes: changeMap,
    near(lat, lon, radiusKm) {
      const dLat = radiusKm / KM_PER_DEGREE;
      const dLon = radiusKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
      const out: { station: Station; distanceKm: number }[] = [];
      for (const i of geo.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
        const station = located[i];
        if (!station) continue;
        const d = distanceKm(lat, lon, station.lat as number, station.lon as number);
        if (d <= radiusKm) out.push({ station, distanceKm: d });
      }
      return out;
    },
  };
}

/**
 * The station's price for the fuel if an alert may use it: the fuel is in stock, the price is not an
 * outlier and at most MAX_PRICE_AGE_DAYS old, and (with `requireOpen`) the station is known to be open now.
 */
function usablePrice(world: World, station: Station, fuel: string, requireOpen: boolean): number | null {
  const price = station.prices.find((p) => p.fuel === fuel);
  if (!price || price.outlier) return null;
  const at = Date.parse(price.updatedAt);
  if (!(world.nowMs - at <= MAX_AGE_MS)) return null;
  if (station.outOfStock.some((o) => o.fuel === fuel)) return null;
  if (requireOpen && openNow(station, world.nowMs, world.clock) !== true) return null;
  return price.price;
}

/**
 * A change an alert can be about: the price went down (or is new) and is the one the snapshot serves.
 * A price that went up never triggers anything (it can only make the cheapest dearer).
 */
export function isAlertableChange(world: World, c: PriceChangeRecord): boolean {
  const station = world.byId.get(c.s);
  const current = station?.prices.find((p) => p.fuel === c.f);
  if (!current || current.price !== c.p || current.updatedAt !== c.at) return false;
  return c.prev === null || c.p < c.prev - EPSILON;
}

export interface RuleMatch {
  ruleId: string;
  /** The rule's channel: which of the user's messages of the run carry this match. */
  channel: AlertChannel;
  kind: 'threshold' | 'drop';
  stationId: string;
  fuel: string;
  price: number;
  /** The station's own previous price (null: new price). */
  previous: number | null;
  updatedAt: string;
  /** From the rule's place (place scope), else null. */
  distanceKm: number | null;
  placeLabel: string | null;
  maxPrice: number | null;
  dropCents: number | null;
  /** For `drop`: the cheapest in scope before the run minus now, €/L. */
  drop: number | null;
}

/**
 * What one rule matches. `favourites` is the user's favourite station ids: all of them for a rule with a
 * drop condition (the cheapest is over the whole scope); for a threshold-only rule the changed ones suffice.
 */
export function matchRule(world: World, rule: AlertRule, favourites: readonly string[]): RuleMatch[] {
  const scope = scopeStations(world, rule, favourites);
  const base = {
    ruleId: rule.id,
    channel: rule.channel,
    fuel: rule.fuel,
    placeLabel: rule.scope.kind === 'place' ? rule.scope.label : null,
    maxPrice: rule.maxPrice,
    dropCents: rule.dropCents,
  };
  if (rule.dropCents === null) {
    if (rule.maxPrice === null) return [];
    const out: RuleMatch[] = [];
    for (const { station, distanceKm } of scope) {
      const change = world.changes.get(changeKey(station.id, rule.fuel));
      if (!change || !isAlertableChange(world, change)) continue;
      const price = usablePrice(world, station, rule.fuel, rule.openNow);
      if (price === null || price > rule.maxPrice + EPSILON) continue;
      out.push({
        ...base,
        kind: 'threshold',
        stationId: station.id,
        price,
        previous: change.prev,
        updatedAt: change.at,
        distanceKm,
        drop: null,
      });
    }
    return out;
  }
  // Drop: the cheapest usable price in scope now, against the cheapest of the same stations before the run.
  let best: { station: Station; price: number; distanceKm: number | null } | null = null;
  let before = Number.POSITIVE_INFINITY;
  let alertable = false;
  for (const { station, distanceKm } of scope) {
    const price = usablePrice(world, station, rule.fuel, rule.openNow);
    if (price === null) continue;
    const change = world.changes.get(changeKey(station.id, rule.fuel));
    const previous = change ? (change.prev ?? Number.POSITIVE_INFINITY) : price;
    before = Math.min(before, previous);
    if (change && isAlertableChange(world, change)) alertable = true;
    if (
      !best ||
      price < best.price ||
      (price === best.price && closer(distanceKm, best.distanceKm, station.id, best.station.id))
    )
      best = { station, price, distanceKm };
  }
  if (!best || !alertable || !Number.isFinite(before)) return [];
  const drop = Math.round((before - best.price) * 1000) / 1000;
  if (drop < rule.dropCents / 100 - EPSILON) return [];
  if (rule.maxPrice !== null && best.price > rule.maxPrice + EPSILON) return [];
  const change = world.changes.get(changeKey(best.station.id, rule.fuel));
  if (!change) return [];
  return [
    {
      ...base,
      kind: 'drop',
      stationId: best.station.id,
      price: best.price,
      previous: change.prev,
      updatedAt: change.at,
      distanceKm: best.distanceKm,
      drop,
    },
  ];
}

function closer(a: number | null, b: number | null, idA: string, idB: string): boolean {
  if (a !== null && b !== null && a !== b) return a < b;
  return idA < idB;
}

function scopeStations(
  world: World,
  rule: AlertRule,
  favourites: readonly string[],
): { station: Station; distanceKm: number | null }[] {
  if (rule.scope.kind === 'place') return world.near(rule.scope.lat, rule.scope.lon, rule.scope.radiusKm);
  const out: { station: Station; distanceKm: number | null }[] = [];
  for (const id of new Set(favourites)) {
    const station = world.byId.get(id);
    if (station) out.push({ station, distanceKm: null });
  }
  return out;
}

/** Does the rule need the user's whole favourites list (not just the changed ones they follow)? */
export function needsAllFavourites(rule: AlertRule): boolean {
  return rule.scope.kind === 'favourites' && rule.dropCents !== null;
}

// ─── One email per user per run ─────────────────────────────────────────────────────────────────────────

/** One station × fuel in an alert email, with every rule that matched it. */
export interface EmailLine {
  stationId: string;
  fuel: string;
  price: number;
  previous: number | null;
  updatedAt: string;
  distanceKm: number | null;
  placeLabel: string | null;
  reasons: Pick<RuleMatch, 'ruleId' | 'kind' | 'maxPrice' | 'dropCents' | 'drop'>[];
}

/** At most this many lines in one email (cheapest first); the rest is counted, not listed. */
const MAX_EMAIL_LINES = 20;

export interface EmailPlan {
  lines: EmailLine[];
  /** Lines left out beyond MAX_EMAIL_LINES. */
  more: number;
  /** Station/fuel pairs already notified at this very price (never repeated). */
  repeats: number;
}

/**
 * Groups a user's matches of one run into one email: one line per station × fuel (rules merged), minus the
 * pairs whose last notified price (alert state) is this price, cheapest first per fuel, capped in length.
 */
export function planEmail(
  matches: readonly RuleMatch[],
  lastNotified: ReadonlyMap<string, number>,
): EmailPlan {
  const lines = new Map<string, EmailLine>();
  let repeats = 0;
  const repeated = new Set<string>();
  for (const m of matches) {
    const key = changeKey(m.stationId, m.fuel);
    if (lastNotified.get(key) === m.price) {
      if (!repeated.has(key)) repeats++;
      repeated.add(key);
      continue;
    }
    const reason = {
      ruleId: m.ruleId,
      kind: m.kind,
      maxPrice: m.maxPrice,
      dropCents: m.dropCents,
      drop: m.drop,
    };
    const line = lines.get(key);
    if (line) {
      if (!line.reasons.some((r) => r.ruleId === m.ruleId)) line.reasons.push(reason);
      if (m.distanceKm !== null && (line.distanceKm === null || m.distanceKm < line.distanceKm)) {
        line.distanceKm = m.distanceKm;
        line.placeLabel = m.placeLabel;
      }
      continue;
    }
    lines.set(key, {
      stationId: m.stationId,
      fuel: m.fuel,
      price: m.price,
      previous: m.previous,
      updatedAt: m.updatedAt,
      distanceKm: m.distanceKm,
      placeLabel: m.placeLabel,
      reasons: [reason],
    });
  }
  const sorted = [...lines.values()].sort(
    (a, b) => a.fuel.localeCompare(b.fuel) || a.price - b.price || a.stationId.localeCompare(b.stationId),
  );
  return {
    lines: sorted.slice(0, MAX_EMAIL_LINES),
    more: Math.max(0, sorted.length - MAX_EMAIL_LINES),
    repeats,
  };
}

/** The daily cap: may one more alert email go out today? */
export function underDailyCap(sentToday: number, dailyCap: number): boolean {
  return sentToday < dailyCap;
}
