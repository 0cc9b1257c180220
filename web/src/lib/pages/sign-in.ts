import { forgotPassword } from '../auth.ts';
import { authMessage, isAccountDisabled, RESET_REQUIRED, signInMessage } from '../auth-messages.ts';
import { CognitoError } from '../cognito.ts';
import { busy, instantiate, param, refs, show } from '../dom.ts';
import { enterAccount } from './enter.ts';
import { clear, EMAIL, fail, safeNext } from './form-helpers.ts';
import { initResetStep } from './reset-step.ts';

export function initSignIn(): void {
  const ui = refs(document, {
    form: HTMLFormElement,
    info: HTMLElement,
    error: HTMLElement,
    email: HTMLInputElement,
    password: HTMLInputElement,
    remember: HTMLInputElement,
    confirmLink: HTMLTemplateElement,
  });
  const { form, info } = ui;
  const email = param('email');
  if (email) ui.email.value = email;
  if (param('confirmed')) show(info, 'Votre compte est confirmé. Connectez-vous pour commencer.', 'ok');
  if (param('reset')) show(info, 'Votre mot de passe a été changé. Connectez-vous avec le nouveau.', 'ok');
  if (param('deleted')) show(info, 'Votre compte et toutes vos données ont été supprimés.', 'ok');
  const enter = (address: string, password: string) =>
    enterAccount(address, password, ui.remember.checked, safeNext(param('next'), '/tableau-de-bord/'));

  // An account an admin reset (PasswordResetRequiredException): the code they were emailed and a new
  // password, here, then signed in with it.
  let resetEmail = '';
  const reset = initResetStep({
    email: () => resetEmail,
    resend: async () => {
      reset.clear();
      try {
        await forgotPassword(resetEmail);
        show(
          info,
          `Un nouveau code vient d’être envoyé à ${resetEmail} : saisissez-le ci-dessous avec votre nouveau mot de passe.`,
          'info',
        );
      } catch (error) {
        reset.fail(authMessage(error));
      }
    },
    done: (password) =>
      enter(resetEmail, password).catch(() =>
        location.assign(`/connexion/?email=${encodeURIComponent(resetEmail)}&reset=1`),
      ),
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(ui.error, ui.email, ui.password);
    const address = ui.email.value.trim();
    const password = ui.password.value;
    if (!EMAIL.test(address)) return fail(ui.error, 'Saisissez une adresse e-mail valide.', ui.email);
    if (!password) return fail(ui.error, 'Saisissez votre mot de passe.', ui.password);
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
        if (isAccountDisabled(error)) return fail(ui.error, signInMessage(error));
        if (error instanceof CognitoError && error.type === 'UserNotConfirmedException') {
          show(ui.error, authMessage(error));
          const { root: link } = instantiate(ui.confirmLink, {});
          link.setAttribute('href', `/confirmation/?email=${encodeURIComponent(address)}`);
          ui.error.append(' ', link);
          return;
        }
        fail(ui.error, signInMessage(error), ui.password);
      }
    });
  });
}
