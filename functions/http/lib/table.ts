import * as z from 'zod';
import { openTable } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';

/** The table for the routes that use it: configuration read once, at cold start. */
export const table = openTable(readEnv({ TABLE_NAME: z.string().min(1) }).TABLE_NAME);
