import { confirmForgotPassword } from '../auth.ts';
import { authMessage, passwordProblem } from '../auth-messages.ts';
import { busy, byId } from '../dom.ts';
import { clear, fail, value } from './form-helpers.ts';

export interface ResetStep {
  /** Shows the step and puts the cursor in the code field. */
  open(): void;
}

/**
 * The code + new password step (components/ResetPasswordForm.astro): checks both before Cognito does, then
 * ConfirmForgotPassword for `email()`, then `done` with the new password. An unknown account reads like a
 * wrong code (no account enumeration). "Renvoyer un code" calls `resend`.
 */
export function initResetStep(options: {
  email: () => string;
  resend: () => Promise<void>;
  done: (password: string) => Promise<void>;
}): ResetStep {
  const form = byId<HTMLFormElement>('reset-form');
  byId('forgot-again').addEventListener('click', () => void options.resend());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('reset-error', 'reset-code', 'new-password');
    const code = value('reset-code');
    const password = byId<HTMLInputElement>('new-password').value;
    if (!/^\d{6}$/.test(code)) return fail('reset-error', 'Le code comporte 6 chiffres.', 'reset-code');
    const weak = passwordProblem(password);
    if (weak) return fail('reset-error', weak, 'new-password');
    await busy(form, async () => {
      try {
        await confirmForgotPassword(options.email(), code, password);
      } catch (error) {
        const wrong =
          'Ce code est incorrect ou a expiré. Vérifiez le dernier code reçu, ou demandez-en un nouveau.';
        const message = authMessage(error, {
          UserNotFoundException: wrong,
          CodeMismatchException: wrong,
          NotAuthorizedException: wrong,
        });
        fail('reset-error', message, /Mot de passe/.test(message) ? 'new-password' : 'reset-code');
        return;
      }
      await options.done(password);
    });
  });

  return {
    open() {
      form.hidden = false;
      byId('reset-code').focus();
    },
  };
}
