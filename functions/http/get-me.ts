import { meResponse } from '#shared/api/account-schemas.ts';
import { getProfile } from '#shared/db/profiles.ts';
import { meAnswer } from './lib/me.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/me — the caller's profile (defaults until they save one). Keyed by the verified `sub` only. */
export const handler = httpHandler(
  'GET /api/me',
  { response: meResponse, summary: 'The caller’s profile (defaults until they save one)' },
  async ({ caller }) => {
    return meAnswer(caller, await getProfile(table, caller.sub));
  },
);
