import * as z from 'zod';
import { FUEL_CODES, FUELS } from '#shared/domain/fuels.ts';
import { STATION_FLAGS, type Station } from '#shared/domain/station.ts';

/**
 * The Station contract of shared/domain/station.ts (and docs/FEED.md's normalization rules) as a zod schema,
 * for property tests: every station the feed reader yields must pass it, whatever bytes it was given.
 */

/** ISO 8601 with the Paris offset (or none of the feed's dates could be read → null where allowed). */
const isoParis = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?[+-]\d{2}:\d{2}$/);
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);
const isControl = (ch: string) => {
  const c = ch.charCodeAt(0);
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x80 && c <= 0x9f);
};
/** Normalized text: no C0/C1 control characters, trimmed, single spaces. */
const text = z
  .string()
  .refine((s) => s === s.trim(), 'not trimmed')
  .refine((s) => !/\s{2,}/.test(s), 'whitespace runs')
  .refine((s) => ![...s].some(isControl), 'control characters');
const fuelId = z
  .number()
  .int()
  .refine((id) => FUELS.some((f) => f.id === id), 'unknown fuel id');
const fuelMatches = (v: { fuel: string; fuelId: number }) =>
  FUELS.find((f) => f.id === v.fuelId)?.code === v.fuel;

export const stationSchema = z
  .object({
    id: z.string().min(1),
    lat: z.number().min(-90).max(90).nullable(),
    lon: z.number().min(-180).max(180).nullable(),
    cp: z.string(),
    dept: z.string(),
    town: text,
    address: text,
    road: z.string(),
    prices: z.array(
      z
        .object({
          fuel: z.enum(FUEL_CODES),
          fuelId,
          price: z.number().positive().finite(),
          updatedAt: isoParis,
          outlier: z.boolean().optional(),
        })
        .strict()
        .refine(fuelMatches, 'fuel and fuelId disagree'),
    ),
    outOfStock: z.array(
      z
        .object({
          fuel: z.enum(FUEL_CODES),
          fuelId,
          type: z.string(),
          since: isoParis.nullable(),
          until: isoParis.nullable(),
        })
        .strict()
        .refine(fuelMatches, 'fuel and fuelId disagree'),
    ),
    services: z.array(text),
    hours: z
      .object({
        automat24: z.boolean(),
        days: z.array(
          z
            .object({
              day: z.union([
                z.literal(1),
                z.literal(2),
                z.literal(3),
                z.literal(4),
                z.literal(5),
                z.literal(6),
                z.literal(7),
              ]),
              closed: z.boolean(),
              ranges: z.array(z.object({ open: hhmm, close: hhmm }).strict()),
            })
            .strict(),
        ),
      })
      .strict()
      .nullable(),
    closure: z
      .object({ type: z.string(), since: isoParis.nullable(), until: isoParis.nullable() })
      .strict()
      .nullable()
      .optional(),
    flags: z.array(z.enum(STATION_FLAGS)),
  })
  .strict()
  .refine((s) => (s.lat === null) === (s.lon === null), 'lat and lon are both set or both null')
  .refine((s) => new Set(s.prices.map((p) => p.fuel)).size === s.prices.length, 'one price per fuel')
  .refine((s) => s.prices.length > 0 || s.flags.includes('no-price'), 'no price without the no-price flag')
  .refine(
    (s) => s.prices.every((p) => !p.outlier) || s.flags.includes('price-outlier'),
    'an outlier price without the price-outlier flag',
  ) satisfies z.ZodType<Station>;
