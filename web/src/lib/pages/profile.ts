import { apiMessage, deleteMe, getExport, getMe, type MeResponse, putMe } from '../api.ts';
import { changePassword, getUser, hasSession, signOut, updateEmail, verifyEmail } from '../auth.ts';
import { authMessage, passwordProblem } from '../auth-messages.ts';
import { busy, byId, show } from '../dom.ts';
import type { FuelCode } from '../prefs.ts';
import { clear, EMAIL, fail, value } from './form-helpers.ts';
import { initAlerts } from './profile-alerts.ts';

export function initProfile(): void {
  if (!hasSession()) {
    byId('signin-prompt').hidden = false;
    return;
  }
  byId('profile').hidden = false;
  void loadAccount();
  void loadPreferences();
  bindSignOut();
  bindPreferences();
  initAlerts();
  bindEmail();
  bindPassword();
  bindExport();
  bindDelete();
}

async function loadAccount(): Promise<void> {
  try {
    byId('account-email').textContent = (await getUser()).email;
  } catch {
    byId('account-email').textContent = 'votre compte';
  }
}

const input = (id: string) => byId<HTMLInputElement>(id);
const fuelBoxes = () => [...document.querySelectorAll<HTMLInputElement>('#prefs-form input[name="fuels"]')];

async function loadPreferences(): Promise<void> {
  try {
    fill(await getMe());
  } catch (error) {
    show(byId('prefs-msg'), `Impossible de charger vos préférences. ${apiMessage(error)}`, 'error');
  }
}

function fill(me: MeResponse): void {
  const p = me.profile;
  input('display-name').value = p.displayName;
  for (const box of fuelBoxes()) box.checked = p.fuels.includes(box.value as FuelCode);
  input('tank').value = String(p.tankLitres);
  input('consumption').value = String(p.consumptionL100);
  input('yearly-km').value = String(p.yearlyKm);
}

function bindSignOut(): void {
  byId('sign-out').addEventListener('click', async () => {
    await signOut();
    location.assign('/');
  });
}

const FIELD_IDS: Record<string, string> = {
  displayName: 'display-name',
  tankLitres: 'tank',
  consumptionL100: 'consumption',
  yearlyKm: 'yearly-km',
};

function bindPreferences(): void {
  const form = byId<HTMLFormElement>('prefs-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('prefs-msg', ...Object.values(FIELD_IDS));
    const number = (id: string) => Number(input(id).value.replace(',', '.'));
    await busy(form, async () => {
      try {
        const displayName = value('display-name');
        const me = await putMe({
          // The API keeps the stored name when none is sent ('' is not a valid name).
          ...(displayName ? { displayName } : {}),
          fuels: fuelBoxes()
            .filter((b) => b.checked)
            .map((b) => b.value as FuelCode),
          tankLitres: number('tank'),
          consumptionL100: number('consumption'),
          yearlyKm: number('yearly-km'),
        });
        fill(me);
        show(byId('prefs-msg'), 'Préférences enregistrées.', 'ok');
      } catch (error) {
        const field = error instanceof Error && 'field' in error ? FIELD_IDS[String(error.field)] : undefined;
        fail('prefs-msg', `Préférences non enregistrées. ${apiMessage(error)}`, field);
      }
    });
  });
}

function bindEmail(): void {
  const form = byId<HTMLFormElement>('email-form');
  const verify = byId<HTMLFormElement>('verify-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('email-msg', 'new-email');
    const email = value('new-email');
    if (!EMAIL.test(email)) return fail('email-msg', 'Saisissez une adresse e-mail valide.', 'new-email');
    await busy(form, async () => {
      try {
        await updateEmail(email);
        verify.hidden = false;
        show(
          byId('email-msg'),
          `Un code a été envoyé à ${email}. Saisissez-le pour confirmer la nouvelle adresse.`,
          'info',
        );
        input('email-code').focus();
      } catch (error) {
        fail('email-msg', authMessage(error), 'new-email');
      }
    });
  });
  verify.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('verify-msg', 'email-code');
    await busy(verify, async () => {
      try {
        await verifyEmail(value('email-code'));
        verify.hidden = true;
        show(byId('email-msg'), 'Votre nouvelle adresse est confirmée.', 'ok');
        void loadAccount();
      } catch (error) {
        fail('verify-msg', authMessage(error), 'email-code');
      }
    });
  });
}

function bindPassword(): void {
  const form = byId<HTMLFormElement>('password-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('password-msg', 'current-password', 'next-password');
    const next = input('next-password').value;
    const weak = passwordProblem(next);
    if (weak) return fail('password-msg', weak, 'next-password');
    await busy(form, async () => {
      try {
        await changePassword(input('current-password').value, next);
        form.reset();
        show(byId('password-msg'), 'Mot de passe changé.', 'ok');
      } catch (error) {
        fail(
          'password-msg',
          authMessage(error, { NotAuthorizedException: 'Le mot de passe actuel est incorrect.' }),
          'current-password',
        );
      }
    });
  });
}

function bindExport(): void {
  byId('export').addEventListener('click', async () => {
    const msg = byId('export-msg');
    show(msg, 'Préparation de l’export…', 'info');
    try {
      const data = await getExport();
      const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `plein-mes-donnees-${data.exportedAt.slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      show(msg, 'Export téléchargé.', 'ok');
    } catch (error) {
      show(msg, `Export impossible. ${apiMessage(error)}`, 'error');
    }
  });
}

function bindDelete(): void {
  const dialog = byId<HTMLDialogElement>('delete-dialog');
  const form = byId<HTMLFormElement>('delete-form');
  byId('delete-open').addEventListener('click', () => {
    form.reset();
    clear('delete-msg', 'delete-confirm');
    dialog.showModal();
  });
  byId('delete-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear('delete-msg', 'delete-confirm');
    if (value('delete-confirm').toUpperCase() !== 'SUPPRIMER') {
      return fail('delete-msg', 'Tapez SUPPRIMER pour confirmer.', 'delete-confirm');
    }
    await busy(form, async () => {
      try {
        await deleteMe();
        await signOut();
        location.assign('/connexion/?deleted=1');
      } catch (error) {
        fail('delete-msg', `Le compte n’a pas été supprimé. ${apiMessage(error)}`);
      }
    });
  });
}
