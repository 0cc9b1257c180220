import { confirmSignUp, resendConfirmationCode, signUp } from '../auth.ts';
import { authMessage, passwordProblem } from '../auth-messages.ts';
import { busy, refs, show } from '../dom.ts';
import { enterAccount } from './enter.ts';
import { clear, EMAIL, fail } from './form-helpers.ts';

/**
 * Sign-up, then the emailed code on the same page, then signed in: the password typed a moment ago stays in
 * this closure — never in a field, storage or URL — so the user does not type it again. It lives as long as
 * the page; someone who comes back later with the code uses /confirmation/ and then signs in.
 */
export function initSignUp(): void {
  const ui = refs(document, {
    form: HTMLFormElement,
    error: HTMLElement,
    name: HTMLInputElement,
    email: HTMLInputElement,
    password: HTMLInputElement,
    info: HTMLElement,
    confirmForm: HTMLFormElement,
    confirmError: HTMLElement,
    code: HTMLInputElement,
    resend: HTMLButtonElement,
    already: HTMLElement,
  });
  let email = '';
  let password = '';

  ui.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(ui.error, ui.email, ui.password);
    const address = ui.email.value.trim();
    const typed = ui.password.value;
    if (!EMAIL.test(address)) return fail(ui.error, 'Saisissez une adresse e-mail valide.', ui.email);
    const weak = passwordProblem(typed);
    if (weak) return fail(ui.error, weak, ui.password);
    await busy(ui.form, async () => {
      try {
        await signUp(address, typed, ui.name.value.trim());
      } catch (error) {
        fail(ui.error, authMessage(error), ui.email);
        return;
      }
      email = address;
      password = typed;
      ui.password.value = '';
      ui.form.hidden = true;
      ui.already.hidden = true;
      ui.confirmForm.hidden = false;
      show(ui.info, `Un code de confirmation a été envoyé à ${email}. Saisissez-le ci-dessous.`, 'info');
      ui.code.focus();
    });
  });

  ui.confirmForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(ui.confirmError, ui.code);
    const code = ui.code.value.trim();
    if (!/^\d{6}$/.test(code)) return fail(ui.confirmError, 'Le code comporte 6 chiffres.', ui.code);
    await busy(ui.confirmForm, async () => {
      try {
        await confirmSignUp(email, code);
      } catch (error) {
        fail(
          ui.confirmError,
          authMessage(error, { NotAuthorizedException: 'Ce compte est déjà confirmé : connectez-vous.' }),
          ui.code,
        );
        return;
      }
      const signedUp = `/connexion/?email=${encodeURIComponent(email)}&confirmed=1`;
      try {
        await enterAccount(email, password, true, '/tableau-de-bord/');
      } catch {
        // Confirmed, but the sign-in failed (network…): the sign-in page says the account is ready.
        location.assign(signedUp);
      } finally {
        password = '';
      }
    });
  });

  ui.resend.addEventListener('click', async () => {
    clear(ui.confirmError, ui.code);
    await busy(ui.confirmForm, async () => {
      try {
        await resendConfirmationCode(email);
        show(ui.info, `Un nouveau code a été envoyé à ${email}.`, 'info');
      } catch (error) {
        fail(ui.confirmError, authMessage(error));
      }
    });
  });
}
