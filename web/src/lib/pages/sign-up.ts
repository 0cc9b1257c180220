import { signUp } from '../auth.ts';
import { authMessage, passwordProblem } from '../auth-messages.ts';
import { busy, byId } from '../dom.ts';
import { clear, EMAIL, fail, value } from './form-helpers.ts';

export function initSignUp(): void {
  const form = byId<HTMLFormElement>('signup-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('signup-error', 'email', 'password');
    const email = value('email');
    const password = byId<HTMLInputElement>('password').value;
    if (!EMAIL.test(email)) return fail('signup-error', 'Saisissez une adresse e-mail valide.', 'email');
    const weak = passwordProblem(password);
    if (weak) return fail('signup-error', weak, 'password');
    await busy(form, async () => {
      try {
        await signUp(email, password, value('name'));
        location.assign(`/confirmation/?email=${encodeURIComponent(email)}&sent=1`);
      } catch (error) {
        fail('signup-error', authMessage(error), 'email');
      }
    });
  });
}
