import type { MeResponse, ProfileView } from '#shared/api/account-types.ts';
import { MAX_FAVOURITES } from '#shared/db/favourites.ts';
import { PLACE_LIMITS } from '#shared/domain/places.ts';
import type { Caller } from './caller.ts';

/** The answer of GET and PUT /api/me: who the verified caller is, their profile and their limits. */
export function meAnswer(caller: Caller, profile: ProfileView): MeResponse {
  return {
    sub: caller.sub,
    username: caller.username,
    groups: caller.groups,
    profile,
    limits: { favourites: MAX_FAVOURITES, places: PLACE_LIMITS.max },
  };
}
