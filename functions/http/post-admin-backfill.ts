import createError from 'http-errors';
import { audited } from '#shared/admin/audited.ts';
import { runningExecution, startBackfill } from '#shared/admin/backfill.ts';
import { adminBackfillStartResponse, backfillBody } from '#shared/api/admin-schemas.ts';
import { yearRange } from '#shared/history/state-machine.ts';
import { sfn, stateMachineArn } from './lib/backfill.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * POST /api/admin/backfill {from, to?} — starts the backfill state machine over those years: 202 with the
 * execution; 409 while one runs (one at a time, so two never write the same year). Audited. Admins only.
 */
export const handler = httpHandler(
  'POST /api/admin/backfill',
  {
    body: backfillBody,
    response: adminBackfillStartResponse,
    status: [202],
    errors: [409],
    summary: 'Start the history backfill over a range of years (admin; audited)',
  },
  async ({ caller, body }) => {
    const to = body.to ?? body.from;
    if (await runningExecution(sfn, stateMachineArn))
      throw createError(409, 'A backfill is already running', { code: 'backfill_running' });
    const { value, entry } = await audited(
      { table },
      {
        actor: { sub: caller.sub },
        action: 'backfill.start',
        target: 'backfill',
        detail: { from: body.from, to },
      },
      () => startBackfill(sfn, stateMachineArn, yearRange(body.from, to)),
    );
    return respond(202, { execution: value, auditId: entry.id });
  },
);
