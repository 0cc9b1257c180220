import * as z from 'zod';
import { BACKFILL } from '../platform.ts';
import { deptParam, fuelCode, fuelParam } from './schemas.ts';
import type * as T from './trends-types.ts';

/** The zod schemas of GET /api/trends (issue 18): the query the middleware validates, the body it documents. */

const FIRST_DAY = `${BACKFILL.firstYear}-01-01`;

/** A real calendar date (2023-02-30 is not), from the archive's first day on. */
const dayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine((d) => {
    // Checks run after a failed regex too: never let a bad string reach toISOString (it throws).
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
  }, 'Not a calendar date')
  .refine((d) => d >= FIRST_DAY, `The archive starts on ${FIRST_DAY}`)
  .meta({ format: 'date' } as Record<string, unknown>);

export const trendsQuery = z
  .strictObject({
    dept: deptParam
      .optional()
      .meta({ description: "Département code, or 'FR' (default) for national medians" }),
    fuel: fuelParam.optional().meta({ description: 'One fuel; default: all six' }),
    from: dayParam.optional().meta({ description: `First day (default ${FIRST_DAY})` }),
    to: dayParam.optional().meta({ description: 'Last day (default and at most today, Paris)' }),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'from is after to' });
  });

const day = z.string().meta({ format: 'date' } as Record<string, unknown>);

export const trendsResponse = z
  .object({
    dept: z.string(),
    from: day,
    to: day,
    resolution: z.enum(['day', 'week']),
    weeklyBeyondDays: z.number().int(),
    archive: z.object({
      years: z.array(z.number().int()),
      firstDay: day.nullable(),
      lastDay: day.nullable(),
    }),
    series: z.array(
      z.object({
        fuel: fuelCode,
        points: z.array(
          z.object({
            day,
            median: z.number().meta({ description: 'Euros' }),
            count: z.number().int(),
            source: z.enum(['archive', 'live']).meta({
              description: 'archive: the backfilled end-of-day median; live: the ingest’s daily row',
            }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'TrendsResponse' });

// The schemas describe exactly the types the site builds against (compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [Same<z.output<typeof trendsResponse>, T.TrendsResponse>] = [true];
void sameShapes;
