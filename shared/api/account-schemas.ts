import * as z from 'zod';
import { cleanText, PROFILE_LIMITS, profileUpdateSchema, stationIdSchema } from '../domain/profile.ts';
import type * as T from './account-types.ts';
import { fuelCode, isoInstant } from './schemas.ts';

/**
 * The zod schemas of the account API (issue 5, docs/ACCOUNTS.md): what the middleware validates (400 naming
 * the field) and what the handlers answer (the OpenAPI document, and test/integration/openapi-live.test.ts
 * checks live answers against it). The interfaces of ./account-types.ts stay what the site imports; the
 * compile-time check at the bottom keeps them and these schemas the same shape.
 */

// ─── Requests ───────────────────────────────────────────────────────────────────────────────────────────

/** PUT /api/me: the profile rules live in the domain (shared/domain/profile.ts). */
export const profileBody = profileUpdateSchema;

export const favouritePath = z.strictObject({ stationId: stationIdSchema });

const { min, max } = PROFILE_LIMITS.favouriteName;
export const favouriteBody = z.strictObject({ name: cleanText(min, max).nullable().optional() });

/** `from=lat,lon` in degrees: where the driver is, for distances and "is the detour worth it?". */
export const dashboardQuery = z.strictObject({
  from: z
    .string()
    .regex(/^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, 'Give from as lat,lon in degrees')
    .transform((s) => {
      const [lat, lon] = s.split(',').map(Number) as [number, number];
      return { lat, lon };
    })
    .refine((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180, 'Latitude −90…90, longitude −180…180')
    .optional(),
});

export const demoDashboardQuery = z.strictObject({
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
});

// ─── Responses ──────────────────────────────────────────────────────────────────────────────────────────

const nullableString = z.string().nullable();

const savedPlace = z
  .object({ label: z.string(), name: z.string(), lat: z.number(), lon: z.number() })
  .meta({ id: 'SavedPlace' });

const profileView = z
  .object({
    displayName: z.string(),
    fuels: z.array(fuelCode),
    tankLitres: z.number(),
    consumptionL100: z.number(),
    yearlyKm: z.number(),
    alerts: z.object({ enabled: z.boolean(), dailyCap: z.number().int() }),
    places: z.array(savedPlace),
    createdAt: nullableString,
    updatedAt: nullableString,
  })
  .meta({ id: 'Profile' });

export const meResponse = z
  .object({
    sub: z.string(),
    username: z.string(),
    groups: z.array(z.string()),
    profile: profileView,
    limits: z.object({ favourites: z.number().int(), places: z.number().int() }),
  })
  .meta({ id: 'MeResponse' });

/** OSM's name and the canonical brand of a station (issue 16): distinct from a favourite's own `name`. */
const osmName = nullableString.meta({
  description: 'OpenStreetMap name (© OpenStreetMap contributors, ODbL)',
});
const osmBrand = nullableString.meta({
  description: 'Canonical brand (name-suggestion-index over OSM brand)',
});

const favouriteStation = z.object({
  id: z.string(),
  name: osmName,
  brand: osmBrand,
  address: z.string(),
  town: z.string(),
  cp: z.string(),
  dept: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  road: z.string(),
  prices: z.array(
    z.object({ fuel: fuelCode, price: z.number(), updatedAt: z.string(), ageHours: z.number() }),
  ),
  outOfStock: z.array(fuelCode),
  removedAt: nullableString,
});

const favouriteView = z
  .object({
    stationId: z.string(),
    name: nullableString,
    addedAt: z.string(),
    updatedAt: z.string(),
    station: favouriteStation.nullable(),
  })
  .meta({ id: 'Favourite' });

export const favouritesResponse = z
  .object({ favourites: z.array(favouriteView), count: z.number().int(), max: z.number().int() })
  .meta({ id: 'FavouritesResponse' });

export const favouriteResponse = z
  .object({ favourite: favouriteView, created: z.boolean() })
  .meta({ id: 'FavouriteResponse' });

const rowStatus = z.enum([
  'ok',
  'beyond-reach',
  'out-of-stock',
  'no-price',
  'too-old',
  'outlier',
  'removed',
  'unknown-station',
]);

const dashboardRow = z.object({
  stationId: z.string(),
  name: nullableString.meta({ description: "The user's own name for the favourite" }),
  stationName: osmName,
  brand: osmBrand,
  town: z.string(),
  address: z.string(),
  dept: z.string(),
  price: z.number().nullable(),
  updatedAt: nullableString,
  ageHours: z.number().nullable(),
  status: rowStatus,
  outOfStock: z.boolean(),
  cheapest: z.boolean(),
  distanceKm: z.number().nullable(),
  detour: z
    .object({
      extraKm: z.number(),
      gain: z.number(),
      cost: z.number(),
      net: z.number(),
      worthIt: z.boolean(),
    })
    .nullable(),
});

const savings = z.object({
  cheapestPrice: z.number(),
  cheapestStationId: z.string(),
  baseline: z.object({
    kind: z.enum(['dept-median', 'favourites-median']),
    price: z.number(),
    dept: nullableString,
    day: nullableString,
    count: z.number().int(),
  }),
  perLitre: z.number(),
  tankLitres: z.number(),
  perFill: z.number(),
  yearlyLitres: z.number(),
  perYear: z.number(),
});

export const dashboardResponse = z
  .object({
    demo: z.boolean(),
    generatedAt: isoInstant,
    lastIngestAt: nullableString,
    feedTime: nullableString,
    needsFuels: z.boolean(),
    from: z.object({ lat: z.number(), lon: z.number() }).nullable(),
    settings: z.object({
      tankLitres: z.number(),
      consumptionL100: z.number(),
      yearlyKm: z.number(),
      fuels: z.array(fuelCode),
    }),
    favourites: z.number().int(),
    fuels: z.array(
      z.object({
        fuel: fuelCode,
        rows: z.array(dashboardRow),
        cheapest: z.object({ stationId: z.string(), price: z.number() }).nullable(),
        savings: savings.nullable(),
      }),
    ),
  })
  .meta({ id: 'DashboardResponse' });

const storedItem = z.record(z.string(), z.unknown());

export const exportResponse = z
  .object({
    exportedAt: isoInstant,
    sub: z.string(),
    account: z
      .object({
        username: z.string(),
        status: nullableString,
        enabled: z.boolean().nullable(),
        createdAt: nullableString,
        updatedAt: nullableString,
        attributes: z.record(z.string(), z.string()),
      })
      .nullable(),
    profile: storedItem.nullable(),
    favourites: z.array(storedItem),
    alertStates: z.array(storedItem),
    reports: z.array(storedItem),
    other: z.array(storedItem),
    stations: z.array(
      z.object({
        id: z.string(),
        name: osmName,
        brand: osmBrand,
        address: z.string(),
        cp: z.string(),
        town: z.string(),
      }),
    ),
  })
  .meta({ id: 'ExportResponse' });

// The schemas describe exactly the types the site builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.output<typeof meResponse>, T.MeResponse>,
  Same<z.output<typeof favouritesResponse>, T.FavouritesResponse>,
  Same<z.output<typeof favouriteResponse>, T.FavouriteResponse>,
  Same<z.output<typeof dashboardResponse>, T.DashboardResponse>,
  Same<z.output<typeof exportResponse>, T.ExportResponse>,
] = [true, true, true, true, true];
void sameShapes;
