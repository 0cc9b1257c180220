import { meResponse, profileBody } from '#shared/api/account-schemas.ts';
import { saveProfile } from '#shared/db/profiles.ts';
import { meAnswer } from './lib/me.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * PUT /api/me — saves the profile fields sent (strict: an unknown field is a 400 naming it), under the
 * verified `sub` only: nothing in the body or the path can choose whose profile is written.
 */
export const handler = httpHandler(
  'PUT /api/me',
  {
    body: profileBody,
    response: meResponse,
    summary: 'Save the profile fields sent (unknown fields are a 400 naming them)',
  },
  async ({ caller, body }) => {
    return meAnswer(caller, await saveProfile(table, caller.sub, body, new Date()));
  },
);
