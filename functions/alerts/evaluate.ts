import * as z from 'zod';
import { evaluateRun } from '#shared/alerts/evaluate.ts';
import { alertDeps, push } from './clients.ts';

/** What the ingest sends (shared/ingest/alerts-hook.ts). */
const invocation = z.strictObject({
  runId: z.string().min(1).max(80),
  changesKey: z.string().regex(/^changes\/[\w.-]+\.json\.gz$/),
});

/**
 * The price alerts of one published ingest run (invoked asynchronously by the ingest): emails and Web Push
 * notifications, by each rule's channel. Throws only when some users' alerts could not be sent (their claims
 * released): Lambda's async retry then sends those, and only those.
 */
export async function handler(event: unknown) {
  const input = invocation.parse(event);
  return evaluateRun({ ...alertDeps, push }, input);
}
