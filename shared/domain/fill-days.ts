import { parisDay, parisInstant } from './time.ts';

/**
 * "Quand faire le plein ?" (issue 18 item 5): on which weekday a station's fuel is usually cheapest, from its
 * changes over the last weeks. Each Paris day counts the price in effect through it, weighted by time (a price
 * set at 18:00 weighs a quarter of that day), so a station that changes often is not over-counted. Flagged
 * changes (outliers, typos undone) are left out, as in every statistic.
 */
export const FILL_DAYS = {
  windowWeeks: 12,
  /** Fewer days covered than this (6 weeks: each weekday seen at least 6 times) says nothing. */
  minCoveredDays: 42,
  /** Fewer price variations than this in the window: nothing varies enough to tell a day. */
  minVariations: 3,
  /** A spread under half a centime between the cheapest and the dearest weekday: no day is better. */
  minSpreadEuros: 0.005,
} as const;

const DAY_MS = 86_400_000;

/** A price change as the history serves it (shared/history ArchivePoint): a flag means left out. */
interface PricePoint {
  at: string;
  price: number;
  flag?: string;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface LastVariation {
  /** When the price last changed to a different value (Paris ISO). */
  at: string;
  price: number;
  /** New price minus the previous one, euros (negative: cheaper). */
  delta: number;
}

export interface FillDays {
  /** 'cheapest': a day stands out; 'flat': the spread is under minSpreadEuros; 'thin': too little data. */
  verdict: 'cheapest' | 'flat' | 'thin';
  /** Time-weighted mean price per weekday, index 0 = Monday; null for a weekday never covered. */
  weekdays: (number | null)[];
  cheapest: { day: Weekday; price: number } | null;
  dearest: { day: Weekday; price: number } | null;
  /** Dearest minus cheapest weekday mean, in centimes (one decimal), null when thin. */
  spreadCents: number | null;
  /** Days of the window with a known price, and the price variations in it. */
  coveredDays: number;
  variations: number;
  last: LastVariation | null;
}

/** The Paris day after `day` (YYYY-MM-DD), by calendar arithmetic. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

const weekdayOf = (day: string) => (((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1) as Weekday;

/** The weekday figures of one station-fuel from its changes (any order, flagged ones ignored) at `nowMs`. */
export function fillDays(points: readonly PricePoint[], nowMs: number): FillDays {
  const start = nowMs - FILL_DAYS.windowWeeks * 7 * DAY_MS;
  const clean = points
    .filter((p) => !p.flag)
    .map((p) => ({ t: Date.parse(p.at), at: p.at, price: p.price }))
    .filter((p) => p.t <= nowMs)
    .sort((a, b) => a.t - b.t);

  let last: LastVariation | null = null;
  let variations = 0;
  for (let i = 1; i < clean.length; i++) {
    const [prev, cur] = [clean[i - 1], clean[i]] as [(typeof clean)[0], (typeof clean)[0]];
    if (Math.round(cur.price * 1000) === Math.round(prev.price * 1000)) continue;
    last = { at: cur.at, price: cur.price, delta: Math.round((cur.price - prev.price) * 1000) / 1000 };
    if (cur.t >= start) variations++;
  }

  // Segments [from, to) of constant price inside the window; the price before the window carries in.
  const sums = Array.from({ length: 7 }, () => ({ priceMs: 0, ms: 0 }));
  let covered = 0;
  clean.forEach((p, i) => {
    const from = Math.max(p.t, start);
    const to = Math.min(clean[i + 1]?.t ?? nowMs, nowMs);
    if (to <= from) return;
    covered += to - from;
    // Split at Paris midnights: a day is 23 or 25 hours at the clock changes, which the weights absorb.
    for (let day = parisDay(from), at = from; at < to; day = nextDay(day)) {
      const end = Math.min(parisInstant(nextDay(day), 0, 0).getTime(), to);
      const s = sums[weekdayOf(day) - 1] as { priceMs: number; ms: number };
      s.priceMs += p.price * (end - at);
      s.ms += end - at;
      at = end;
    }
  });

  const weekdays = sums.map((s) => (s.ms > 0 ? Math.round((s.priceMs / s.ms) * 10_000) / 10_000 : null));
  const coveredDays = Math.round((covered / DAY_MS) * 10) / 10;
  const base = { weekdays, coveredDays, variations, last };
  const thin = { ...base, verdict: 'thin', cheapest: null, dearest: null, spreadCents: null } as const;
  if (coveredDays < FILL_DAYS.minCoveredDays || variations < FILL_DAYS.minVariations) return thin;

  let cheapest: { day: Weekday; price: number } | null = null;
  let dearest: { day: Weekday; price: number } | null = null;
  weekdays.forEach((price, i) => {
    if (price === null) return;
    const day = (i + 1) as Weekday;
    if (!cheapest || price < cheapest.price) cheapest = { day, price };
    if (!dearest || price > dearest.price) dearest = { day, price };
  });
  if (!cheapest || !dearest) return thin;
  const spread = (dearest as { price: number }).price - (cheapest as { price: number }).price;
  return {
    ...base,
    verdict: spread < FILL_DAYS.minSpreadEuros ? 'flat' : 'cheapest',
    cheapest,
    dearest,
    spreadCents: Math.round(spread * 1000) / 10,
  };
}
