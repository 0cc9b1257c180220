// Over 300 lines on purpose: the public station API's request and response schemas side by side, as the
// OpenAPI document groups them; the account, alert and admin ones have their own modules.
import * as z from 'zod';
import { FUEL_CODES, FUELS, type FuelCode, findFuel } from '../domain/fuels.ts';
import type { DataHealth } from '../domain/health.ts';
import { foldName } from '../domain/names.ts';
import { STATION_FLAGS } from '../domain/station.ts';
import { parisDay } from '../domain/time.ts';
import { BACKFILL } from '../platform.ts';
import type * as T from './types.ts';

/**
 * The zod schemas of the public station API: request parameters (validated by the middleware, 400 naming
 * the field) and response bodies (documentation only). The OpenAPI document is generated from these same
 * objects (shared/api/openapi.ts), so the docs cannot drift from the validation.
 *
 * `import * as z` (not `import { z }`) lets esbuild drop the parts of zod we do not use (~360 KB minified).
 */

// ─── Parameter building blocks ──────────────────────────────────────────────────────────────────────────

/** A number in a query string: '' and non-numbers are errors (z.coerce alone would read '' as 0). */
function numberParam(schema: z.ZodNumber) {
  return z
    .string()
    .trim()
    .min(1, 'Expected a number')
    .transform(Number)
    .pipe(z.number({ error: 'Expected a number' }).pipe(schema));
}

/** true/false/1/0 in a query string. */
const booleanParam = z
  .enum(['true', 'false', '1', '0'], { error: 'Expected true or false' })
  .transform((v) => v === 'true' || v === '1')
  .meta({ type: 'boolean' } as Record<string, unknown>);

/** A fuel by feed id, code or alias (findFuel), resolved to its code. */
export const fuelParam = z
  .string()
  .trim()
  .max(20, 'Unknown fuel')
  .transform((v, ctx): FuelCode => {
    const fuel = findFuel(v);
    if (!fuel) {
      ctx.addIssue({
        code: 'custom',
        message: `Unknown fuel; use one of ${FUEL_CODES.join(', ')} or ids 1–6`,
      });
      return z.NEVER;
    }
    return fuel.code;
  })
  .meta({
    type: 'string',
    description: `Fuel id (1–6), code (${FUEL_CODES.join(', ')}) or alias (diesel, gpl), case-insensitive`,
    examples: ['Gazole', '1', 'e10'],
  } as Record<string, unknown>);

export const deptParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6]|FR)$/,
    "A département code ('01'…'95', '2A', '2B', '971'…'976') or FR",
  )
  .meta({ description: "Département code, or 'FR' for national figures" });

/** Station ids are 7–8 digits: anything else is rejected before any lookup (`../etc`, injections). */
export const stationIdPath = z.strictObject({
  id: z
    .string()
    .regex(/^\d{7,8}$/, 'A station id is 7 or 8 digits')
    .meta({ description: 'Station id (7–8 digits)', examples: ['75012003'] }),
});

/** At most this many brands in one `brand` filter (docs/API.md). */
const MAX_BRAND_FILTER = 20;

/**
 * `brand=TotalEnergies,E.Leclerc` or `brand=TotalEnergies&brand=E.Leclerc`: canonical brands (GET /api/brands),
 * compared folded (accents, case, punctuation); an unknown brand matches nothing. Deduplicated (folded),
 * in the order given. An empty item, one without a letter or digit, or more than 20 brands is a 400.
 */
const brandsParam = z
  .union([z.string(), z.array(z.string())])
  .transform((v, ctx): string[] => {
    const items = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim());
    const seen = new Set<string>();
    const out: string[] = [];
    for (const item of items) {
      const folded = foldName(item);
      if (!folded || item.length > 60) {
        ctx.addIssue({ code: 'custom', message: 'A brand is 1–60 characters with a letter or digit' });
        return z.NEVER;
      }
      if (seen.has(folded)) continue;
      seen.add(folded);
      out.push(item);
    }
    if (out.length > MAX_BRAND_FILTER) {
      ctx.addIssue({ code: 'custom', message: `At most ${MAX_BRAND_FILTER} brands` });
      return z.NEVER;
    }
    return out;
  })
  .meta({
    type: 'string',
    description: `Canonical brands (GET /api/brands), comma-separated or the parameter repeated; at most ${MAX_BRAND_FILTER}; compared without accents or case`,
    examples: ['TotalEnergies,E.Leclerc'],
  } as Record<string, unknown>);

const RADIUS_KM = { default: 5, max: 50 } as const;
const NEARBY_LIMIT = { default: 20, max: 100 } as const;

export const stationsQuery = z
  .strictObject({
    lat: numberParam(z.number().min(-90).max(90)).meta({ description: 'Latitude (WGS84 degrees)' }),
    lon: numberParam(z.number().min(-180).max(180)).meta({ description: 'Longitude (WGS84 degrees)' }),
    radiusKm: numberParam(z.number().gt(0).max(RADIUS_KM.max))
      .default(RADIUS_KM.default)
      .meta({ description: 'Search radius in km' }),
    // With a fuel, only stations that sell it are listed (a price, or a shortage of it).
    fuel: fuelParam.optional(),
    sort: z
      .enum(['distance', 'price'])
      .default('distance')
      .meta({ description: 'price needs fuel; stations without a usable price for it come last' }),
    openNow: booleanParam
      .default(false)
      .meta({ description: 'Only stations open now (unknown hours excluded)' }),
    inStock: booleanParam
      .default(false)
      .meta({ description: 'Only stations where the fuel is not out of stock' }),
    road: z.enum(['R', 'A']).optional().meta({ description: 'R road, A autoroute (motorway)' }),
    brand: brandsParam.optional(),
    limit: numberParam(z.number().int().min(1).max(NEARBY_LIMIT.max))
      .default(NEARBY_LIMIT.default)
      .meta({ description: 'Page size' }),
    cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
  })
  .superRefine((q, ctx) => {
    if (q.sort === 'price' && !q.fuel)
      ctx.addIssue({ code: 'custom', path: ['fuel'], message: 'sort=price needs a fuel' });
    if (q.inStock && !q.fuel)
      ctx.addIssue({ code: 'custom', path: ['fuel'], message: 'inStock needs a fuel' });
  });

const HISTORY_DAYS = { default: 30, max: 365 } as const;
/** A Paris date, a real one (zod's ISO date knows month lengths and leap years: 2025-02-29 is an error). */
const parisDateParam = z.iso.date({ error: 'Expected a date YYYY-MM-DD' });
const HISTORY_FIRST_DAY = `${BACKFILL.firstYear}-01-01`;
export const historyQuery = z
  .strictObject({
    fuel: fuelParam.optional().meta({ description: 'One fuel; default: every fuel the station sells' }),
    days: numberParam(z.number().int().min(1).max(HISTORY_DAYS.max))
      .optional()
      .meta({ description: `How many days back (default ${HISTORY_DAYS.default}); not with from/to` }),
    from: parisDateParam
      .optional()
      .meta({ description: `First Paris date, inclusive (≥ ${HISTORY_FIRST_DAY}); not with days` }),
    to: parisDateParam
      .optional()
      .meta({ description: 'Last Paris date, inclusive (≤ today; default today); needs from' }),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (q.days !== undefined && (q.from || q.to)) issue('days', 'days and from/to exclude each other');
    else if (q.to && !q.from) issue('from', 'to needs from');
    else if (q.from && q.from < HISTORY_FIRST_DAY) issue('from', `No history before ${HISTORY_FIRST_DAY}`);
    else if (q.to && q.to > parisDay(Date.now())) issue('to', 'to is after today (Paris)');
    else if (q.from && q.to && q.from > q.to) issue('to', 'to is before from');
  });
export const HISTORY_DEFAULT_DAYS = HISTORY_DAYS.default;

const SEARCH_LIMIT = { default: 10, max: 50 } as const;
export const searchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, 'Type a town, a postcode, a département or an address')
    .max(100, 'At most 100 characters')
    .meta({
      description:
        'Town, postcode (or its start), département code, address words, or a station name or brand with a town or postcode ("Leclerc Brive")',
    }),
  limit: numberParam(z.number().int().min(1).max(SEARCH_LIMIT.max))
    .default(SEARCH_LIMIT.default)
    .meta({ description: 'At most this many places and this many stations' }),
});

const STATS_DAYS = { default: 30, max: 365 } as const;
export const statsQuery = z.strictObject({
  fuel: fuelParam.optional().meta({ description: 'One fuel; default: all' }),
  dept: deptParam
    .optional()
    .meta({ description: "Series and current figures for this département (default 'FR')" }),
  days: numberParam(z.number().int().min(1).max(STATS_DAYS.max))
    .default(STATS_DAYS.default)
    .meta({ description: 'Length of the daily series' }),
  brand: z
    .string()
    .trim()
    .max(60, 'A brand is 1–60 characters with a letter or digit')
    .refine((b) => foldName(b) !== '', 'A brand is 1–60 characters with a letter or digit')
    .optional()
    .meta({
      description:
        'Figures over one canonical brand’s stations (GET /api/brands), compared without accents or case; the daily series exists for the largest brands only (docs/API.md)',
      examples: ['Intermarché'],
    }),
});

// ─── Responses ──────────────────────────────────────────────────────────────────────────────────────────

export const fuelCode = z.enum(FUEL_CODES);
export const isoInstant = z.string().meta({ format: 'date-time' } as Record<string, unknown>);

export const feedVersion = z
  .object({
    runId: z.string(),
    feedHash: z.string(),
    feedTime: isoInstant.nullable(),
    publishedAt: isoInstant,
  })
  .meta({ id: 'FeedVersion', description: 'The published feed a response was computed from' });

const stationFlag = z.enum(STATION_FLAGS);

const apiPrice = z
  .object({
    fuel: fuelCode,
    fuelId: z.number().int(),
    price: z.number(),
    updatedAt: isoInstant,
    ageHours: z.number(),
    stale: z.boolean(),
    outlier: z.boolean(),
  })
  .meta({ id: 'Price' });

const flags = z
  .object({ stalePrice: z.boolean(), suspiciousCoordinates: z.boolean(), feed: z.array(stationFlag) })
  .meta({ id: 'StationFlags' });

const stationBase = {
  id: z.string(),
  name: z
    .string()
    .nullable()
    .meta({ description: 'OpenStreetMap name (© OpenStreetMap contributors, ODbL)' }),
  brand: z
    .string()
    .nullable()
    .meta({ description: 'Canonical brand (name-suggestion-index over OSM brand)' }),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  cp: z.string(),
  dept: z.string(),
  town: z.string(),
  address: z.string(),
  road: z.string(),
  outOfStock: z.array(fuelCode),
  openNow: z.boolean().nullable(),
  automat24: z.boolean(),
  flags,
};

const nearbyStation = z
  .object({ ...stationBase, distanceKm: z.number(), price: apiPrice.nullable(), prices: z.array(apiPrice) })
  .meta({ id: 'NearbyStation' });

export const nearbyResponse = z
  .object({
    version: feedVersion,
    query: z.object({
      lat: z.number(),
      lon: z.number(),
      radiusKm: z.number(),
      fuel: fuelCode.nullable(),
      sort: z.enum(['distance', 'price']),
      openNow: z.boolean(),
      inStock: z.boolean(),
      road: z.enum(['R', 'A']).nullable(),
      brands: z.array(z.string()).meta({ description: 'The brand filter as understood; [] for none' }),
      limit: z.number().int(),
    }),
    total: z.number().int(),
    withoutFuel: z.literal('last').nullable(),
    unknownHours: z.enum(['included', 'excluded']),
    stations: z.array(nearbyStation),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'NearbyResponse' });

const rank = z.object({ rank: z.number().int(), of: z.number().int() });
const hhmm = z.string().meta({ pattern: '^\\d{2}:\\d{2}$' } as Record<string, unknown>);
const openingHours = z
  .object({
    automat24: z.boolean(),
    days: z.array(
      z.object({
        day: z.union(
          [1, 2, 3, 4, 5, 6, 7].map((d) => z.literal(d as 1 | 2 | 3 | 4 | 5 | 6 | 7)),
        ) as z.ZodType<1 | 2 | 3 | 4 | 5 | 6 | 7>,
        closed: z.boolean(),
        ranges: z.array(z.object({ open: hhmm, close: hhmm })),
      }),
    ),
  })
  .meta({ id: 'OpeningHours' });
const outOfStock = z.object({
  fuel: fuelCode,
  fuelId: z.number().int(),
  type: z.string(),
  since: z.string().nullable(),
  until: z.string().nullable(),
});

export const stationResponse = z
  .object({
    version: feedVersion,
    station: z
      .object({
        ...stationBase,
        prices: z.array(apiPrice.extend({ rank: z.object({ national: rank, dept: rank }).nullable() })),
        outOfStockDetails: z.array(outOfStock),
        services: z.array(z.string()),
        hours: openingHours.nullable(),
        closure: z
          .object({ type: z.string(), since: z.string().nullable(), until: z.string().nullable() })
          .nullable(),
      })
      .meta({ id: 'StationDetail' }),
  })
  .meta({ id: 'StationResponse' });

const matchKind = z.enum(['exact', 'prefix', 'contains', 'fuzzy']);
export const searchResponse = z
  .object({
    version: feedVersion,
    q: z.string(),
    kind: z.enum(['postcode', 'postcode-prefix', 'dept', 'text']),
    places: z.array(
      z.object({
        kind: z.enum(['commune', 'arrondissement', 'address', 'landmark']),
        town: z.string().meta({ description: 'Proper case: "Châteauroux", "Paris 15e"' }),
        label: z.string().meta({ description: 'What a suggestion shows: "Paris 15e (75015)", "Lyon (69)"' }),
        cp: z.string(),
        postcodes: z.array(z.string()),
        code: z.string().nullable().meta({ description: 'Code INSEE of the commune, when known' }),
        dept: z.string(),
        lat: z.number(),
        lon: z.number(),
        centre: z
          .enum(['stations', 'postcode', 'city', 'departement', 'geocoder'])
          .meta({ description: 'Where the centre comes from (docs/API.md, "Search")' }),
        stations: z.number().int(),
        match: matchKind,
      }),
    ),
    stations: z.array(
      z.object({
        kind: z.literal('station'),
        id: z.string(),
        title: z.string().meta({ description: 'OSM name, or brand and town, else the address' }),
        name: stationBase.name,
        brand: stationBase.brand,
        town: z.string(),
        cp: z.string(),
        dept: z.string(),
        address: z.string(),
        lat: z.number().nullable(),
        lon: z.number().nullable(),
        match: matchKind,
      }),
    ),
  })
  .meta({ id: 'SearchResponse' });

export const historyResponse = z
  .object({
    version: feedVersion,
    stationId: z.string(),
    days: z.number().int().meta({ description: 'The range’s length in days' }),
    from: isoInstant,
    to: isoInstant,
    archiveFrom: z
      .string()
      .nullable()
      .meta({ description: 'First Paris date of the backfilled archive (null: none yet)' }),
    series: z.array(
      z.object({
        fuel: fuelCode,
        resolution: z.enum(['change', 'day', 'week']).meta({
          description: 'change: every change; day/week: one point per Paris day or ISO week with changes',
        }),
        changes: z.number().int().meta({ description: 'Changes in the range, flagged ones included' }),
        flagged: z.number().int(),
        points: z.array(
          z.object({
            at: isoInstant,
            price: z.number(),
            flag: z.enum(['outlier', 'reverted']).optional(),
            min: z.number().optional(),
            max: z.number().optional(),
            changes: z.number().int().optional(),
          }),
        ),
        current: apiPrice.nullable(),
      }),
    ),
  })
  .meta({ id: 'HistoryResponse' });

const priceStats = {
  fuel: fuelCode,
  dept: z.string(),
  min: z.number(),
  median: z.number(),
  mean: z.number(),
  count: z.number().int(),
};
export const statsResponse = z
  .object({
    version: feedVersion,
    day: z.string(),
    current: z.array(
      z.object({
        ...priceStats,
        name: z
          .string()
          .nullable()
          .meta({ description: 'The département’s name (“Corrèze”), “France” for FR; null if unknown' }),
      }),
    ),
    series: z.array(z.object({ ...priceStats, day: z.string() })),
    days: z.number().int(),
    brand: z.string().nullable().meta({ description: 'The brand asked for (as given), or null' }),
  })
  .meta({ id: 'StatsResponse' });

export const fuelsResponse = z
  .object({
    version: feedVersion.nullable(),
    fuels: z.array(z.object({ id: z.number().int(), code: fuelCode, label: z.string() })),
  })
  .meta({ id: 'FuelsResponse' });

/** How many published stations carry an OSM name or brand (shared/domain/names.ts `NamesCoverage`). */
export const namesCoverage = z
  .object({
    stations: z.number().int(),
    withName: z.number().int(),
    withBrand: z.number().int(),
    withEither: z.number().int(),
    neither: z.number().int(),
    unmatchedOsmIds: z.number().int().meta({ description: 'Names-table ids that match no feed station' }),
    namesVersion: z.string().nullable().meta({ description: 'The names table joined (null: none yet)' }),
  })
  .meta({ id: 'NamesCoverage' });

/** GET /api/health (shared/domain/health.ts). */
export const healthResponse = z
  .object({
    status: z.enum(['ok', 'stale', 'empty']),
    stations: z.number().int(),
    prices: z.number().int(),
    publishedAt: isoInstant.nullable(),
    ageSeconds: z.number().nullable(),
    feedTime: isoInstant.nullable(),
    lastRun: z
      .object({
        status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
        startedAt: isoInstant,
        finishedAt: isoInstant.optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      })
      .nullable(),
    names: namesCoverage
      .nullable()
      .meta({ description: 'Names and brands over the published stations (null: published before names)' }),
  })
  .meta({ id: 'HealthResponse' });

/** GET /api/openapi.json: this document (its own schema is OpenAPI's, not restated here). */
export const openApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const FUEL_LIST: T.FuelInfo[] = FUELS.map(({ id, code, label }) => ({ id, code, label }));

// The response schemas describe exactly the types the web builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.output<typeof nearbyResponse>, T.NearbyResponse>,
  Same<z.output<typeof stationResponse>, T.StationResponse>,
  Same<z.output<typeof searchResponse>, T.SearchResponse>,
  Same<z.output<typeof historyResponse>, T.HistoryResponse>,
  Same<z.output<typeof statsResponse>, T.StatsResponse>,
  Same<z.output<typeof fuelsResponse>, T.FuelsResponse>,
  Same<z.output<typeof healthResponse>, DataHealth>,
] = [true, true, true, true, true, true, true];
void sameShapes;
