import { getMe, putMe } from '../api.ts';
import { forgotPassword, getUser, signIn } from '../auth.ts';
import { authMessage, isAccountDisabled, RESET_REQUIRED } from '../auth-messages.ts';
import { CognitoError } from '../cognito.ts';
import { busy, byId, h, param, show } from '../dom.ts';
import { clear, EMAIL, fail, safeNext, value } from './form-helpers.ts';
import { initResetStep } from './reset-step.ts';

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

export function initSignIn(): void {
  const form = byId<HTMLFormElement>('signin-form');
  const email = param('email');
  if (email) byId<HTMLInputElement>('email').value = email;
  const info = byId('signin-info');
  if (param('confirmed')) show(info, 'Votre compte est confirmé. Connectez-vous pour commencer.', 'ok');
  if (param('reset')) show(info, 'Votre mot de passe a été changé. Connectez-vous avec le nouveau.', 'ok');
  if (param('deleted')) show(info, 'Votre compte et toutes vos données ont été supprimés.', 'ok');
  const remember = () => byId<HTMLInputElement>('remember').checked;
  const enter = async (address: string, password: string) => {
    await signIn(address, password, remember());
    await copySignUpName();
    location.assign(safeNext(param('next'), '/tableau-de-bord/'));
  };

  // An account an admin reset (PasswordResetRequiredException): the code they were emailed and a new
  // password, here, then signed in with it.
  let resetEmail = '';
  const reset = initResetStep({
    email: () => resetEmail,
    resend: async () => {
      clear('reset-error', 'reset-code');
      try {
        await forgotPassword(resetEmail);
        show(
          info,
          `Un nouveau code vient d’être envoyé à ${resetEmail} : saisissez-le ci-dessous avec votre nouveau mot de passe.`,
          'info',
        );
      } catch (error) {
        fail('reset-error', authMessage(error));
      }
    },
    done: (password) =>
      enter(resetEmail, password).catch(() =>
        location.assign(`/connexion/?email=${encodeURIComponent(resetEmail)}&reset=1`),
      ),
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('signin-error', 'email', 'password');
    const address = value('email');
    const password = byId<HTMLInputElement>('password').value;
    if (!EMAIL.test(address)) return fail('signin-error', 'Saisissez une adresse e-mail valide.', 'email');
    if (!password) return fail('signin-error', 'Saisissez votre mot de passe.', 'password');
    await busy(form, async () => {
      try {
        await enter(address, password);
      } catch (error) {
        if (error instanceof CognitoError && error.type === 'PasswordResetRequiredException') {
          resetEmail = address;
          form.hidden = true;
          show(info, RESET_REQUIRED, 'info');
          reset.open();
          return;
        }
        if (isAccountDisabled(error)) return fail('signin-error', authMessage(error));
        if (error instanceof CognitoError && error.type === 'UserNotConfirmedException') {
          const box = byId('signin-error');
          show(box, authMessage(error));
          box.append(
            ' ',
            h('a', { href: `/confirmation/?email=${encodeURIComponent(address)}` }, 'Saisir le code'),
          );
          return;
        }
        fail('signin-error', authMessage(error), 'password');
      }
    });
  });
}
