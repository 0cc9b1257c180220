import { forgotPassword } from '../auth.ts';
import { authMessage } from '../auth-messages.ts';
import { busy, refs, show } from '../dom.ts';
import { clear, EMAIL, fail } from './form-helpers.ts';
import { initResetStep } from './reset-step.ts';

/**
 * Two steps on one page. The first answers the same whether an account exists or not (no account
 * enumeration); the second (reset-step.ts) treats an unknown account like a wrong code.
 */
export function initForgot(): void {
  const ui = refs(document, {
    form: HTMLFormElement,
    error: HTMLElement,
    email: HTMLInputElement,
    sent: HTMLElement,
  });
  let email = '';

  const reset = initResetStep({
    email: () => email,
    resend: () => ask(),
    done: async () => location.assign(`/connexion/?email=${encodeURIComponent(email)}&reset=1`),
  });

  async function ask(): Promise<void> {
    clear(ui.error, ui.email);
    email = ui.email.value.trim();
    if (!EMAIL.test(email)) return fail(ui.error, 'Saisissez une adresse e-mail valide.', ui.email);
    await busy(ui.form, async () => {
      try {
        await forgotPassword(email);
        show(
          ui.sent,
          `Si un compte existe pour ${email}, un code vient d’y être envoyé. Il est valable une heure ; pensez à vérifier les indésirables.`,
          'info',
        );
        reset.open();
      } catch (error) {
        fail(ui.error, authMessage(error));
      }
    });
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask();
  });
}
