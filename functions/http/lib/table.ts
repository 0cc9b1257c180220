import * as z from 'zod';
import { createDocumentClient } from '#shared/db/client.ts';
import { readEnv } from '#shared/env.ts';

/** The table for the routes that use it: configuration read once, at cold start. */
const env = readEnv({ TABLE_NAME: z.string().min(1) });

export const tableName = env.TABLE_NAME;
export const db = createDocumentClient();
