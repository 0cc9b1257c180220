import { confirmSignUp, resendConfirmationCode } from '../auth.ts';
import { authMessage } from '../auth-messages.ts';
import { busy, byId, param, show } from '../dom.ts';
import { clear, EMAIL, fail, value } from './form-helpers.ts';

export function initConfirm(): void {
  const form = byId<HTMLFormElement>('confirm-form');
  const email = param('email');
  const info = byId('confirm-info');
  if (email) byId<HTMLInputElement>('email').value = email;
  if (param('sent') && email) {
    show(info, `Un code de confirmation a été envoyé à ${email}. Saisissez-le ci-dessous.`, 'info');
    byId('code').focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('confirm-error', 'email', 'code');
    const address = value('email');
    const code = value('code');
    if (!EMAIL.test(address)) return fail('confirm-error', 'Saisissez une adresse e-mail valide.', 'email');
    if (!/^\d{6}$/.test(code)) return fail('confirm-error', 'Le code comporte 6 chiffres.', 'code');
    await busy(form, async () => {
      try {
        await confirmSignUp(address, code);
        location.assign(`/connexion/?email=${encodeURIComponent(address)}&confirmed=1`);
      } catch (error) {
        fail(
          'confirm-error',
          authMessage(error, { NotAuthorizedException: 'Ce compte est déjà confirmé : connectez-vous.' }),
          'code',
        );
      }
    });
  });

  byId('resend').addEventListener('click', async () => {
    clear('confirm-error', 'email', 'code');
    const address = value('email');
    if (!EMAIL.test(address))
      return fail('confirm-error', 'Saisissez d’abord votre adresse e-mail.', 'email');
    await busy(form, async () => {
      try {
        await resendConfirmationCode(address);
        show(info, `Un nouveau code a été envoyé à ${address}.`, 'info');
      } catch (error) {
        fail('confirm-error', authMessage(error));
      }
    });
  });
}
