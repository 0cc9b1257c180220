import * as z from 'zod';
import type * as T from './fill-days-types.ts';
import { feedVersion, fuelCode, fuelParam, isoInstant } from './schemas.ts';

/** The zod schemas of GET /api/stations/{id}/fill-days: the query the middleware validates, the body it documents. */

export const fillDaysQuery = z.strictObject({
  fuel: fuelParam.optional().meta({ description: 'One fuel; default: every fuel the station sells' }),
});

const weekday = z
  .literal([1, 2, 3, 4, 5, 6, 7])
  .meta({ description: 'ISO weekday: 1 = Monday … 7 = Sunday' });
const dayPrice = z.object({ day: weekday, price: z.number().meta({ description: 'Euros' }) }).nullable();

export const fillDaysResponse = z
  .object({
    version: feedVersion,
    stationId: z.string(),
    from: isoInstant,
    to: isoInstant,
    windowDays: z.number().int(),
    fuels: z.array(
      z.object({
        fuel: fuelCode,
        verdict: z.enum(['cheapest', 'flat', 'thin']).meta({
          description:
            'cheapest: one weekday stands out; flat: under half a centime between the cheapest and dearest weekday; thin: too little data (under 42 days covered or 3 variations)',
        }),
        weekdays: z.array(z.number().nullable()).length(7).meta({
          description:
            'Time-weighted mean price per weekday, Monday first (7 entries, euros); null for a weekday never covered',
        }),
        cheapest: dayPrice,
        dearest: dayPrice,
        spreadCents: z
          .number()
          .nullable()
          .meta({ description: 'Dearest minus cheapest weekday, centimes (one decimal); null when thin' }),
        coveredDays: z.number().meta({ description: 'Days of the window with a known price (one decimal)' }),
        variations: z.number().int().meta({ description: 'Price variations in the window' }),
        last: z
          .object({
            at: isoInstant,
            price: z.number(),
            delta: z.number().meta({ description: 'New price minus the previous one, euros' }),
          })
          .nullable()
          .meta({ description: 'The last change to a different price (flagged changes left out)' }),
      }),
    ),
  })
  .meta({ id: 'FillDaysResponse' });

// The schemas describe exactly the types the site builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [Same<z.output<typeof fillDaysResponse>, T.FillDaysResponse>] = [true];
void sameShapes;
