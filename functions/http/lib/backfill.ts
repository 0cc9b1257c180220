import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { readEnv } from '#shared/env.ts';
import { BACKFILL } from '#shared/platform.ts';

/** The backfill state machine (access `backfill`: infra/aws/backfill.ts sets its ARN; locally the stand-in's). */
export const stateMachineArn = String(
  readEnv({ [BACKFILL.stateMachine.env]: z.string().min(1) })[BACKFILL.stateMachine.env],
);
export const sfn = new SFNClient({ maxAttempts: 3 });
