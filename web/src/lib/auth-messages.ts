import { CognitoError } from './cognito.ts';
import { isOffline, OFFLINE_ACTION } from './offline.ts';

/** The password rule of the user pool (shared/platform.ts USER_POOL.password), checked before Cognito does. */
export const PASSWORD_RULE =
  '12 caractères minimum, avec au moins une majuscule, une minuscule et un chiffre.';

export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'Le mot de passe doit faire au moins 12 caractères.';
  if (!/[A-Z]/.test(password)) return 'Le mot de passe doit contenir au moins une majuscule.';
  if (!/[a-z]/.test(password)) return 'Le mot de passe doit contenir au moins une minuscule.';
  if (!/[0-9]/.test(password)) return 'Le mot de passe doit contenir au moins un chiffre.';
  return null;
}

/** After an admin's reset (AdminResetUserPassword), sign-in answers PasswordResetRequiredException. */
export const RESET_REQUIRED =
  'Votre mot de passe a été réinitialisé par l’équipe : saisissez le code reçu par e-mail et choisissez un nouveau mot de passe.';

const ACCOUNT_DISABLED =
  'Ce compte a été désactivé par l’équipe de Plein : il n’est pas possible de s’y connecter pour l’instant.';

/** A disabled account: Cognito says so only in the message of a NotAuthorizedException. */
export function isAccountDisabled(error: unknown): boolean {
  return (
    error instanceof CognitoError &&
    error.type === 'NotAuthorizedException' &&
    error.message === 'User is disabled.'
  );
}

const WRONG_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';

const MESSAGES: Record<string, string> = {
  CodeMismatchException: 'Ce code est incorrect. Vérifiez le dernier code reçu par e-mail.',
  ExpiredCodeException: 'Ce code a expiré. Demandez-en un nouveau.',
  InvalidPasswordException: `Mot de passe trop faible : ${PASSWORD_RULE}`,
  UsernameExistsException:
    'Un compte existe déjà avec cette adresse e-mail. Connectez-vous ou réinitialisez le mot de passe.',
  AliasExistsException: 'Cette adresse e-mail est déjà utilisée par un autre compte.',
  NotAuthorizedException: WRONG_CREDENTIALS,
  UserNotConfirmedException: 'Votre compte n’est pas encore confirmé : saisissez le code reçu par e-mail.',
  PasswordResetRequiredException: RESET_REQUIRED,
  LimitExceededException: 'Trop de tentatives. Patientez quelques minutes puis réessayez.',
  TooManyRequestsException: 'Trop de demandes. Patientez quelques instants puis réessayez.',
  TooManyFailedAttemptsException: 'Trop d’essais infructueux. Patientez quelques minutes puis réessayez.',
  InvalidParameterException:
    'Certaines informations sont invalides. Vérifiez l’adresse e-mail et le mot de passe.',
  NetworkError: 'Le service de connexion est injoignable. Vérifiez votre connexion puis réessayez.',
  InternalErrorException: 'Le service de connexion rencontre un problème. Réessayez dans un instant.',
};

/** What a sign-in failure may say besides "wrong credentials": states of the account, throttling, network. */
const SIGN_IN_STATES = new Set([
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
  'LimitExceededException',
  'TooManyRequestsException',
  'TooManyFailedAttemptsException',
  'NetworkError',
  'InternalErrorException',
]);

/**
 * The message of a failed sign-in, chosen by the flow rather than by the code alone: a sign-in checks no
 * password rule, so whatever else Cognito answers — NotAuthorizedException in AWS, InvalidPasswordException
 * from the local Cognito, UserNotFoundException, InvalidParameterException — means the address or the
 * password is wrong, and says so without telling whether the account exists.
 */
export function signInMessage(error: unknown): string {
  if (isAccountDisabled(error)) return ACCOUNT_DISABLED;
  if (!(error instanceof CognitoError)) return authMessage(error);
  if (SIGN_IN_STATES.has(error.type)) return authMessage(error);
  return WRONG_CREDENTIALS;
}

/**
 * The message of a failed password change. The new password passed passwordProblem (the pool's rule) before
 * Cognito was called, so InvalidPasswordException — what the local Cognito answers for a wrong current
 * password — means the current one is wrong, as NotAuthorizedException does in AWS.
 */
export function changePasswordMessage(error: unknown): string {
  const wrong = 'Le mot de passe actuel est incorrect.';
  return authMessage(error, { NotAuthorizedException: wrong, InvalidPasswordException: wrong });
}

/** A clear French message for a Cognito failure (never the raw English text). */
export function authMessage(error: unknown, overrides: Record<string, string> = {}): string {
  if (isAccountDisabled(error)) return ACCOUNT_DISABLED;
  if (error instanceof CognitoError && error.type === 'NetworkError' && isOffline()) return OFFLINE_ACTION;
  if (error instanceof CognitoError) {
    return (
      overrides[error.type] ?? MESSAGES[error.type] ?? 'Une erreur est survenue. Réessayez dans un instant.'
    );
  }
  return 'Une erreur est survenue. Réessayez dans un instant.';
}
