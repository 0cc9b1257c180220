import { confirmForgotPassword, forgotPassword } from '../auth.ts';
import { authMessage, passwordProblem } from '../auth-messages.ts';
import { busy, byId, show } from '../dom.ts';
import { clear, EMAIL, fail, value } from './form-helpers.ts';

/**
 * Two steps on one page. The first answers the same whether an account exists or not (no account
 * enumeration); the second treats an unknown account like a wrong code.
 */
export function initForgot(): void {
  const askForm = byId<HTMLFormElement>('forgot-form');
  const resetForm = byId<HTMLFormElement>('reset-form');
  let email = '';

  const ask = async () => {
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
        resetForm.hidden = false;
        byId('reset-code').focus();
      } catch (error) {
        fail('forgot-error', authMessage(error));
      }
    });
  };

  askForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask();
  });
  byId('forgot-again').addEventListener('click', () => void ask());

  resetForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('reset-error', 'reset-code', 'new-password');
    const code = value('reset-code');
    const password = byId<HTMLInputElement>('new-password').value;
    if (!/^\d{6}$/.test(code)) return fail('reset-error', 'Le code comporte 6 chiffres.', 'reset-code');
    const weak = passwordProblem(password);
    if (weak) return fail('reset-error', weak, 'new-password');
    await busy(resetForm, async () => {
      try {
        await confirmForgotPassword(email, code, password);
        location.assign(`/connexion/?email=${encodeURIComponent(email)}&reset=1`);
      } catch (error) {
        const wrong =
          'Ce code est incorrect ou a expiré. Vérifiez le dernier code reçu, ou demandez-en un nouveau.';
        const message = authMessage(error, {
          UserNotFoundException: wrong,
          CodeMismatchException: wrong,
          NotAuthorizedException: wrong,
        });
        fail('reset-error', message, /Mot de passe/.test(message) ? 'new-password' : 'reset-code');
      }
    });
  });
}
