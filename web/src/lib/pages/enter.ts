import { getMe, putMe } from '../api.ts';
import { getUser, signIn } from '../auth.ts';

/**
 * The name typed at sign-up lives in Cognito (attribute `name`); the profile gets it at the first sign-in
 * (docs/ACCOUNTS.md). Read with GetUser: the local Cognito leaves `name` out of its ID tokens.
 */
async function copySignUpName(): Promise<void> {
  try {
    const me = await getMe();
    if (me.profile.displayName) return;
    const { name } = await getUser();
    if (name) await putMe({ displayName: name.slice(0, 50) });
  } catch {
    // Not worth blocking the sign-in: the profile page lets the user set it.
  }
}

/** Signs in (sign-in page, after a reset, right after the sign-up code) and opens `next`. */
export async function enterAccount(
  email: string,
  password: string,
  remember: boolean,
  next: string,
): Promise<void> {
  await signIn(email, password, remember);
  await copySignUpName();
  location.assign(next);
}
