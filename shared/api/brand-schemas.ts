import * as z from 'zod';
import type * as T from './brand-types.ts';
import { feedVersion } from './schemas.ts';

/**
 * The zod schemas of GET /api/brands and GET /api/names (issue 16): the query the middleware validates and
 * the bodies the OpenAPI document describes (test/integration/openapi-live.test.ts checks live answers).
 */

export const brandsResponse = z
  .object({
    version: feedVersion,
    brands: z.array(
      z.object({
        brand: z.string().meta({ description: 'Canonical brand, as GET /api/stations?brand= takes it' }),
        stations: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'BrandsResponse' });

export const namesQuery = z.strictObject({
  format: z
    .enum(['csv', 'json'])
    .default('csv')
    .meta({ description: 'csv (a `#` licence line, then a header row) or json' }),
});

const nullableString = z.string().nullable();

export const namesResponse = z
  .object({
    licence: z.object({
      name: z.string(),
      url: z.string(),
      attribution: z.string(),
      attributionUrl: z.string(),
    }),
    namesVersion: z.string(),
    fetchedAt: z.string(),
    source: z.string(),
    version: feedVersion,
    count: z.number().int(),
    rows: z.array(
      z.object({
        id: z.string(),
        name: nullableString,
        brand: nullableString,
        osmBrand: nullableString,
        operator: nullableString,
        cp: nullableString,
        town: nullableString,
      }),
    ),
  })
  .meta({
    id: 'NamesResponse',
    description: 'Station names and brands, © OpenStreetMap contributors, ODbL 1.0',
  });

// The schemas describe exactly the types the site builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.output<typeof brandsResponse>, T.BrandsResponse>,
  Same<z.output<typeof namesResponse>, T.NamesResponse>,
] = [true, true];
void sameShapes;
