import { loadConfig } from './config.ts';

/**
 * Cognito's JSON API called with fetch: no AWS SDK in the browser. Each action is a POST with the
 * x-amz-json-1.1 content type and an X-Amz-Target header; errors come back as { __type, message }.
 */
export type CognitoAction =
  | 'SignUp'
  | 'ConfirmSignUp'
  | 'ResendConfirmationCode'
  | 'InitiateAuth'
  | 'ForgotPassword'
  | 'ConfirmForgotPassword'
  | 'ChangePassword'
  | 'UpdateUserAttributes'
  | 'VerifyUserAttribute'
  | 'GetUser'
  | 'RevokeToken'
  | 'DeleteUser';

export class CognitoError extends Error {
  /** The exception name without its namespace, e.g. 'CodeMismatchException'; 'NetworkError' when unreachable. */
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.name = 'CognitoError';
    this.type = type;
  }
}

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: string;
}

export async function cognito<T = Record<string, unknown>>(action: CognitoAction, body: object): Promise<T> {
  const config = await loadConfig();
  let res: Response;
  try {
    res = await fetch(config.cognitoEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new CognitoError('NetworkError', 'Cognito unreachable');
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    const raw = String(data.__type ?? data.code ?? 'UnknownError');
    throw new CognitoError(raw.slice(raw.lastIndexOf('#') + 1), String(data.message ?? data.Message ?? ''));
  }
  return data as T;
}

/** The client id every unauthenticated action needs. */
export async function clientId(): Promise<string> {
  return (await loadConfig()).userPoolClientId;
}
