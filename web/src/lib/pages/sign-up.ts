import { signUp } from '../auth.ts';
import { authMessage, passwordProblem } from '../auth-messages.ts';
import { busy, refs } from '../dom.ts';
import { clear, EMAIL, fail } from './form-helpers.ts';

export function initSignUp(): void {
  const ui = refs(document, {
    form: HTMLFormElement,
    error: HTMLElement,
    name: HTMLInputElement,
    email: HTMLInputElement,
    password: HTMLInputElement,
  });
  ui.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(ui.error, ui.email, ui.password);
    const email = ui.email.value.trim();
    const password = ui.password.value;
    if (!EMAIL.test(email)) return fail(ui.error, 'Saisissez une adresse e-mail valide.', ui.email);
    const weak = passwordProblem(password);
    if (weak) return fail(ui.error, weak, ui.password);
    await busy(ui.form, async () => {
      try {
        await signUp(email, password, ui.name.value.trim());
        location.assign(`/confirmation/?email=${encodeURIComponent(email)}&sent=1`);
      } catch (error) {
        fail(ui.error, authMessage(error), ui.email);
      }
    });
  });
}
