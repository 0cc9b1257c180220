import { describe, expect, test } from 'vitest';
import { authMessage, changePasswordMessage, signInMessage } from '../../../web/src/lib/auth-messages.ts';
import { CognitoError } from '../../../web/src/lib/cognito.ts';

const wrong = 'Adresse e-mail ou mot de passe incorrect.';

describe('sign-in messages: chosen by the flow, not by the error code alone', () => {
  test('whatever Cognito answers for a bad password or address, sign-in says the credentials are wrong', () => {
    // AWS answers NotAuthorizedException; the local Cognito InvalidPasswordException for a wrong password.
    for (const type of [
      'NotAuthorizedException',
      'InvalidPasswordException',
      'UserNotFoundException',
      'InvalidParameterException',
      'SomethingNewException',
    ])
      expect(signInMessage(new CognitoError(type, 'x')), type).toBe(wrong);
    // Elsewhere (sign-up, reset) InvalidPasswordException still explains the password rule.
    expect(authMessage(new CognitoError('InvalidPasswordException', 'x'))).toContain('trop faible');
  });

  test('the states of an account, throttling and the network keep their own message', () => {
    expect(signInMessage(new CognitoError('NotAuthorizedException', 'User is disabled.'))).toContain(
      'désactivé',
    );
    expect(signInMessage(new CognitoError('UserNotConfirmedException', 'x'))).toContain(
      'pas encore confirmé',
    );
    expect(signInMessage(new CognitoError('PasswordResetRequiredException', 'x'))).toContain('réinitialisé');
    expect(signInMessage(new CognitoError('TooManyRequestsException', 'x'))).toContain('Trop de demandes');
    expect(signInMessage(new CognitoError('NetworkError', 'x'))).toContain('injoignable');
    expect(signInMessage(new CognitoError('InternalErrorException', 'x'))).toContain('problème');
    expect(signInMessage(new Error('boom'))).toBe('Une erreur est survenue. Réessayez dans un instant.');
  });
});

describe('password change messages', () => {
  test('a wrong current password, as AWS and as the local Cognito answer it, is not “trop faible”', () => {
    for (const type of ['NotAuthorizedException', 'InvalidPasswordException'])
      expect(changePasswordMessage(new CognitoError(type, 'x')), type).toBe(
        'Le mot de passe actuel est incorrect.',
      );
    expect(changePasswordMessage(new CognitoError('LimitExceededException', 'x'))).toContain(
      'Trop de tentatives',
    );
  });
});
