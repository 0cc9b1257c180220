import { confirmForgotPassword } from '../auth.ts';
import { authMessage, passwordProblem } from '../auth-messages.ts';
import { busy, refs } from '../dom.ts';
import { clear, fail } from './form-helpers.ts';

export interface ResetStep {
  /** Shows the step and puts the cursor in the code field. */
  open(): void;
  /** Clears the step's message and marks (before a new code is asked for). */
  clear(): void;
  /** Shows an error in the step. */
  fail(text: string): void;
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
  const ui = refs(document, {
    resetForm: HTMLFormElement,
    resetError: HTMLElement,
    resetCode: HTMLInputElement,
    newPassword: HTMLInputElement,
    forgotAgain: HTMLButtonElement,
  });
  const form = ui.resetForm;
  ui.forgotAgain.addEventListener('click', () => void options.resend());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(ui.resetError, ui.resetCode, ui.newPassword);
    const code = ui.resetCode.value.trim();
    const password = ui.newPassword.value;
    if (!/^\d{6}$/.test(code)) return fail(ui.resetError, 'Le code comporte 6 chiffres.', ui.resetCode);
    const weak = passwordProblem(password);
    if (weak) return fail(ui.resetError, weak, ui.newPassword);
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
        fail(ui.resetError, message, /Mot de passe/.test(message) ? ui.newPassword : ui.resetCode);
        return;
      }
      await options.done(password);
    });
  });

  return {
    open() {
      form.hidden = false;
      ui.resetCode.focus();
    },
    clear: () => clear(ui.resetError, ui.resetCode),
    fail: (text) => fail(ui.resetError, text),
  };
}
