import { LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import { audited } from '#shared/admin/audited.ts';
import { triggerIngest } from '#shared/admin/ingest-trigger.ts';
import { adminIngestResponse, ingestBody } from '#shared/api/admin-schemas.ts';
import { readEnv } from '#shared/env.ts';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** CDK's bindInvoke sets the ingest function's name (access `ingest: true`); locally the Lambda endpoint's. */
const env = readEnv({ [INVOKABLE_FUNCTIONS.ingest.env]: z.string().min(1) });
const functionName = String(env[INVOKABLE_FUNCTIONS.ingest.env]);
const lambda = new LambdaClient({ maxAttempts: 3 });

/**
 * POST /api/admin/ingest {force?} — starts an ingest now (asynchronous invoke): 202 with what was
 * triggered; the run shows up in GET /api/admin/health once it starts. Audited. Admins only.
 */
export const handler = httpHandler(
  'POST /api/admin/ingest',
  {
    body: ingestBody,
    response: adminIngestResponse,
    status: [202],
    summary: 'Trigger an ingest now (admin; audited)',
  },
  async ({ caller, body }) => {
    const at = new Date();
    const { entry } = await audited(
      { table },
      {
        actor: { sub: caller.sub },
        action: 'ingest.trigger',
        target: 'ingest',
        detail: { force: body.force },
      },
      () => triggerIngest(lambda, functionName, body.force),
    );
    return respond(202, {
      triggered: { function: 'ingest', trigger: 'admin', force: body.force, at: at.toISOString() },
      auditId: entry.id,
    });
  },
);
