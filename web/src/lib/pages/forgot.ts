import { forgotPassword } from '../auth.ts';
import { authMessage } from '../auth-messages.ts';
import { busy, byId, show } from '../dom.ts';
import { clear, EMAIL, fail, value } from './form-helpers.ts';
import { initResetStep } from './reset-step.ts';

/**
 * Two steps on one page. The first answers the same whether an account exists or not (no account
 * enumeration); the second (reset-step.ts) treats an unknown account like a wrong code.
 */
export function initForgot(): void {
  const askForm = byId<HTMLFormElement>('forgot-form');
  let email = '';

  const reset = initResetStep({
    email: () => email,
    resend: () => ask(),
    done: async () => location.assign(`/connexion/?email=${encodeURIComponent(email)}&reset=1`),
  });

  async function ask(): Promise<void> {
    clear('forgot-error', 'email');
    email = value('email');
    if (!EMAIL.test(email)) return fail('forgot-error', 'Saisissez une adresse e-mail valide.', 'email');
    await busy(askForm, async () => {
      try {
        await forgotPassword(email);
        show(
          byId('forgot-sent'),
          `Si un compte existe pour ${email}, un code vient d’y être envoyé. Il est valable une heure ; pensez à vérifier les indésirables.`,
          'info',
        );
        reset.open();
      } catch (error) {
        fail('forgot-error', authMessage(error));
      }
    });
  }

  askForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask();
  });
}
