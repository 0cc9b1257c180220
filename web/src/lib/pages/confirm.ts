import { confirmSignUp, resendConfirmationCode } from '../auth.ts';
import { authMessage } from '../auth-messages.ts';
import { busy, param, refs, show } from '../dom.ts';
import { clear, EMAIL, fail } from './form-helpers.ts';

export function initConfirm(): void {
  const ui = refs(document, {
    info: HTMLElement,
    form: HTMLFormElement,
    error: HTMLElement,
    email: HTMLInputElement,
    code: HTMLInputElement,
    resend: HTMLButtonElement,
  });
  const email = param('email');
  if (email) ui.email.value = email;
  if (param('sent') && email) {
    show(ui.info, `Un code de confirmation a été envoyé à ${email}. Saisissez-le ci-dessous.`, 'info');
    ui.code.focus();
  }

  ui.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(ui.error, ui.email, ui.code);
    const address = ui.email.value.trim();
    const code = ui.code.value.trim();
    if (!EMAIL.test(address)) return fail(ui.error, 'Saisissez une adresse e-mail valide.', ui.email);
    if (!/^\d{6}$/.test(code)) return fail(ui.error, 'Le code comporte 6 chiffres.', ui.code);
    await busy(ui.form, async () => {
      try {
        await confirmSignUp(address, code);
        location.assign(`/connexion/?email=${encodeURIComponent(address)}&confirmed=1`);
      } catch (error) {
        fail(
          ui.error,
          authMessage(error, { NotAuthorizedException: 'Ce compte est déjà confirmé : connectez-vous.' }),
          ui.code,
        );
      }
    });
  });

  ui.resend.addEventListener('click', async () => {
    clear(ui.error, ui.email, ui.code);
    const address = ui.email.value.trim();
    if (!EMAIL.test(address)) return fail(ui.error, 'Saisissez d’abord votre adresse e-mail.', ui.email);
    await busy(ui.form, async () => {
      try {
        await resendConfirmationCode(address);
        show(ui.info, `Un nouveau code a été envoyé à ${address}.`, 'info');
      } catch (error) {
        fail(ui.error, authMessage(error));
      }
    });
  });
}
