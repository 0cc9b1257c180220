import { base64urlBytes } from './bytes.ts';
import { type AuthenticationResult, CognitoError, clientId, cognito } from './cognito.ts';
import { PRIVATE_CACHE } from './offline.ts';

/**
 * The signed-in session.
 *
 * Where tokens live, and why:
 * - access and ID tokens (60 min) in sessionStorage: this is a multi-page static site, so memory alone
 *   would be lost at every navigation and cost a refresh call per page; sessionStorage survives
 *   navigation, stays in this tab and is gone when the tab closes.
 * - the refresh token (30 days) in localStorage when "rester connecté" is ticked (sessionStorage
 *   otherwise), so a new tab or a restart stays signed in. It is revoked on sign-out (RevokeToken).
 * Scripts on this origin can read both stores; the CSP (script-src 'self', no inline, no eval, no
 * third-party script) is what keeps other scripts out. HttpOnly cookies would need a token-handling
 * server, which a static site calling Cognito directly does not have.
 */
const SESSION_KEY = 'plein.session';
export const REFRESH_KEY = 'plein.refresh';
/** Refresh this long before the access token expires. */
const MARGIN_MS = 60_000;

interface StoredSession {
  accessToken: string;
  idToken: string;
  expiresAt: number;
}

interface StoredRefresh {
  refreshToken: string;
}

export interface User {
  sub: string;
  email: string;
  groups: string[];
}

function read<T>(storage: Storage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage unavailable: the session lasts as long as the page.
  }
}

function refreshEntry(): { storage: Storage; value: StoredRefresh } | null {
  for (const storage of [localStorage, sessionStorage]) {
    const value = read<StoredRefresh>(storage, REFRESH_KEY);
    if (value?.refreshToken) return { storage, value };
  }
  return null;
}

/** Decodes a JWT payload (no verification: the API verifies; the site only reads its own claims). */
function decodeJwt(token: string): Record<string, unknown> {
  const bytes = base64urlBytes(token.split('.')[1] ?? '');
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function store(result: AuthenticationResult, remember?: boolean): void {
  write(sessionStorage, SESSION_KEY, {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    expiresAt: Date.now() + result.ExpiresIn * 1000,
  } satisfies StoredSession);
  if (result.RefreshToken) {
    clearRefresh();
    write(remember === false ? sessionStorage : localStorage, REFRESH_KEY, {
      refreshToken: result.RefreshToken,
    });
  }
}

function clearRefresh(): void {
  localStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(REFRESH_KEY);
}

/** Forgets every token in this browser (does not call Cognito). */
export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
  clearRefresh();
  clearPrivateCache();
}

/** The driver's own answers the service worker kept for offline use (lib/offline.ts) go with the session. */
function clearPrivateCache(): void {
  if (typeof caches !== 'undefined') void caches.delete(PRIVATE_CACHE).catch(() => {});
}

/** The access token this tab holds, expired or not (lib/api.ts sends it offline); null when none. */
export function heldAccessToken(): string | null {
  return read<StoredSession>(sessionStorage, SESSION_KEY)?.accessToken ?? null;
}

/** True when this browser holds a session or a refresh token (it may still turn out revoked). */
export function hasSession(): boolean {
  return read<StoredSession>(sessionStorage, SESSION_KEY) !== null || refreshEntry() !== null;
}

/** Who is signed in, from the tokens held (null when signed out). Groups come from the access token. */
export function currentUser(): User | null {
  const session = read<StoredSession>(sessionStorage, SESSION_KEY);
  if (!session) return null;
  try {
    const id = decodeJwt(session.idToken);
    const access = decodeJwt(session.accessToken);
    const groups = access['cognito:groups'];
    return {
      sub: String(id.sub ?? ''),
      email: String(id.email ?? ''),
      groups: Array.isArray(groups) ? groups.map(String) : [],
    };
  } catch {
    return null;
  }
}

let refreshing: Promise<string | null> | undefined;

/** A valid access token, refreshed when close to expiry; null when signed out or the refresh is refused. */
export async function accessToken(options: { forceRefresh?: boolean } = {}): Promise<string | null> {
  const session = read<StoredSession>(sessionStorage, SESSION_KEY);
  if (session && !options.forceRefresh && session.expiresAt - MARGIN_MS > Date.now())
    return session.accessToken;
  refreshing ??= refresh().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function refresh(): Promise<string | null> {
  const entry = refreshEntry();
  if (!entry) {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
  try {
    const { AuthenticationResult: result } = await cognito<{ AuthenticationResult: AuthenticationResult }>(
      'InitiateAuth',
      {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: await clientId(),
        AuthParameters: { REFRESH_TOKEN: entry.value.refreshToken },
      },
    );
    store(result, entry.storage === localStorage);
    return result.AccessToken;
  } catch (error) {
    // A network failure keeps the refresh token for later; a refusal means the session is over.
    if (error instanceof CognitoError && error.type === 'NetworkError') throw error;
    clearSession();
    return null;
  }
}

/** Signs in with the email as username (USER_PASSWORD_AUTH). */
export async function signIn(email: string, password: string, remember = true): Promise<User> {
  const res = await cognito<{ AuthenticationResult?: AuthenticationResult; ChallengeName?: string }>(
    'InitiateAuth',
    {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: await clientId(),
      AuthParameters: { USERNAME: email.trim(), PASSWORD: password },
    },
  );
  if (!res.AuthenticationResult)
    throw new CognitoError(res.ChallengeName ?? 'UnsupportedChallenge', 'Challenge');
  // Another driver may have used this browser: nothing of theirs is shown offline to this one.
  clearPrivateCache();
  store(res.AuthenticationResult, remember);
  const user = currentUser();
  if (!user) throw new CognitoError('InvalidToken', 'Unreadable token');
  return user;
}

/** Revokes the refresh token (and with it the tokens it issued) and forgets the session. */
export async function signOut(): Promise<void> {
  const entry = refreshEntry();
  clearSession();
  if (!entry) return;
  await cognito('RevokeToken', { Token: entry.value.refreshToken, ClientId: await clientId() }).catch(
    () => {},
  );
}

/** `name` (optional) is kept by Cognito; the site copies it to the profile at the first sign-in. */
export async function signUp(email: string, password: string, name = ''): Promise<void> {
  await cognito('SignUp', {
    ClientId: await clientId(),
    Username: email.trim(),
    Password: password,
    UserAttributes: [
      { Name: 'email', Value: email.trim() },
      ...(name.trim() ? [{ Name: 'name', Value: name.trim() }] : []),
    ],
  });
}

export async function confirmSignUp(email: string, code: string): Promise<void> {
  await cognito('ConfirmSignUp', {
    ClientId: await clientId(),
    Username: email.trim(),
    ConfirmationCode: code.trim(),
  });
}

export async function resendConfirmationCode(email: string): Promise<void> {
  await cognito('ResendConfirmationCode', { ClientId: await clientId(), Username: email.trim() });
}

/**
 * Starts a password reset. Resolves the same way whether the account exists or not (no account
 * enumeration): the page shows one message for both.
 */
export async function forgotPassword(email: string): Promise<void> {
  try {
    await cognito('ForgotPassword', { ClientId: await clientId(), Username: email.trim() });
  } catch (error) {
    if (
      error instanceof CognitoError &&
      ['UserNotFoundException', 'InvalidParameterException'].includes(error.type)
    ) {
      return;
    }
    throw error;
  }
}

export async function confirmForgotPassword(email: string, code: string, password: string): Promise<void> {
  await cognito('ConfirmForgotPassword', {
    ClientId: await clientId(),
    Username: email.trim(),
    ConfirmationCode: code.trim(),
    Password: password,
  });
}

async function requireToken(): Promise<string> {
  const token = await accessToken();
  if (!token) throw new CognitoError('NotSignedIn', 'Not signed in');
  return token;
}

export async function changePassword(previous: string, proposed: string): Promise<void> {
  await cognito('ChangePassword', {
    AccessToken: await requireToken(),
    PreviousPassword: previous,
    ProposedPassword: proposed,
  });
}

/** Asks Cognito to change the email; it sends a code to the new address (see verifyEmail). */
export async function updateEmail(email: string): Promise<void> {
  await cognito('UpdateUserAttributes', {
    AccessToken: await requireToken(),
    UserAttributes: [{ Name: 'email', Value: email.trim() }],
  });
}

export async function verifyEmail(code: string): Promise<void> {
  await cognito('VerifyUserAttribute', {
    AccessToken: await requireToken(),
    AttributeName: 'email',
    Code: code.trim(),
  });
  // The ID token still carries the old address until the next refresh.
  await accessToken({ forceRefresh: true });
}

export interface CognitoUser {
  email: string;
  name: string;
  emailVerified: boolean;
}

export async function getUser(): Promise<CognitoUser> {
  const res = await cognito<{ UserAttributes?: { Name: string; Value: string }[] }>('GetUser', {
    AccessToken: await requireToken(),
  });
  const attr = (name: string) => res.UserAttributes?.find((a) => a.Name === name)?.Value ?? '';
  return { email: attr('email'), name: attr('name'), emailVerified: attr('email_verified') === 'true' };
}
