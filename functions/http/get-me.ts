import type { MeResponse } from '#shared/api/account-types.ts';
import { MAX_FAVOURITES } from '#shared/db/favourites.ts';
import { getProfile } from '#shared/db/profiles.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/me — the caller's profile (defaults until they save one). Keyed by the verified `sub` only. */
export const handler = httpHandler('GET /api/me', {}, async ({ caller }): Promise<MeResponse> => {
  const profile = await getProfile(table, caller.sub);
  return {
    sub: caller.sub,
    username: caller.username,
    groups: caller.groups,
    profile,
    limits: { favourites: MAX_FAVOURITES },
  };
});
