import type { MeResponse } from '#shared/api/account-types.ts';
import { MAX_FAVOURITES } from '#shared/db/favourites.ts';
import { saveProfile } from '#shared/db/profiles.ts';
import { profileUpdateSchema } from '#shared/domain/profile.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * PUT /api/me — saves the profile fields sent (strict: an unknown field is a 400 naming it), under the
 * verified `sub` only: nothing in the body or the path can choose whose profile is written.
 */
export const handler = httpHandler(
  'PUT /api/me',
  { body: profileUpdateSchema },
  async ({ caller, body }): Promise<MeResponse> => {
    const profile = await saveProfile(table, caller.sub, body, new Date());
    return {
      sub: caller.sub,
      username: caller.username,
      groups: caller.groups,
      profile,
      limits: { favourites: MAX_FAVOURITES },
    };
  },
);
