import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { runDigest } from '#shared/alerts/digest-run.ts';
import { alertDeps } from './clients.ts';

/** The schedule sends its own event (ignored); by hand, `{ "week": "YYYY-MM-DD" }` (a Monday) picks the week. */
const digestEvent = z.looseObject({ week: z.iso.date().optional() });

/**
 * The weekly digest (EventBridge Scheduler, Monday 07:00 Paris, repeated until done). Each call continues
 * from the week's cursor and stops before the Lambda's time runs out; a finished week is a no-op.
 */
export async function handler(event: unknown, context?: Context) {
  const input = digestEvent.parse(event ?? {});
  return runDigest(
    {
      ...alertDeps,
      remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
    },
    { week: input.week },
  );
}
