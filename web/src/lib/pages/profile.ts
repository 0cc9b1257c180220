import { apiMessage, deleteMe, getExport, getMe, type MeResponse, putMe } from '../api.ts';
import { changePassword, getUser, hasSession, signOut, updateEmail, verifyEmail } from '../auth.ts';
import { authMessage, changePasswordMessage, passwordProblem } from '../auth-messages.ts';
import { frenchNumberText, type NumberField, readNumber } from '../decimal.ts';
import { busy, refs, show } from '../dom.ts';
import type { FuelCode } from '../prefs.ts';
import { clear, EMAIL, fail } from './form-helpers.ts';
import { initAlerts } from './profile-alerts.ts';
import { initPlaces } from './profile-places.ts';

/** profil.astro's elements (the alerts form's are profile-alerts.ts's). */
type Page = ReturnType<typeof find>;
const find = () =>
  refs(document, {
    signinPrompt: HTMLElement,
    profile: HTMLElement,
    accountEmail: HTMLElement,
    signOut: HTMLButtonElement,
    prefsForm: HTMLFormElement,
    prefsMsg: HTMLElement,
    displayName: HTMLInputElement,
    tank: HTMLInputElement,
    consumption: HTMLInputElement,
    yearlyKm: HTMLInputElement,
    emailForm: HTMLFormElement,
    emailMsg: HTMLElement,
    newEmail: HTMLInputElement,
    verifyForm: HTMLFormElement,
    verifyMsg: HTMLElement,
    emailCode: HTMLInputElement,
    passwordForm: HTMLFormElement,
    passwordMsg: HTMLElement,
    currentPassword: HTMLInputElement,
    nextPassword: HTMLInputElement,
    export: HTMLButtonElement,
    exportMsg: HTMLElement,
    deleteDialog: HTMLDialogElement,
    deleteForm: HTMLFormElement,
    deleteMsg: HTMLElement,
    deleteConfirm: HTMLInputElement,
    deleteOpen: HTMLButtonElement,
    deleteCancel: HTMLButtonElement,
  });

export function initProfile(): void {
  const page = find();
  if (!hasSession()) {
    page.signinPrompt.hidden = false;
    return;
  }
  page.profile.hidden = false;
  void loadAccount(page);
  void loadPreferences(page, initPlaces());
  bindSignOut(page);
  bindPreferences(page);
  initAlerts();
  bindEmail(page);
  bindPassword(page);
  bindExport(page);
  bindDelete(page);
}

async function loadAccount(page: Page): Promise<void> {
  try {
    page.accountEmail.textContent = (await getUser()).email;
  } catch {
    page.accountEmail.textContent = 'votre compte';
  }
}

const fuelBoxes = (page: Page) => [
  ...page.prefsForm.querySelectorAll<HTMLInputElement>('input[name="fuels"]'),
];

async function loadPreferences(page: Page, places: ReturnType<typeof initPlaces>): Promise<void> {
  try {
    const me = await getMe();
    fill(page, me);
    places.fill(me);
  } catch (error) {
    show(page.prefsMsg, `Impossible de charger vos préférences. ${apiMessage(error)}`, 'error');
    places.failed(apiMessage(error));
  }
}

function fill(page: Page, me: MeResponse): void {
  const p = me.profile;
  page.displayName.value = p.displayName;
  for (const box of fuelBoxes(page)) box.checked = p.fuels.includes(box.value as FuelCode);
  page.tank.value = frenchNumberText(p.tankLitres);
  page.consumption.value = frenchNumberText(p.consumptionL100);
  page.yearlyKm.value = frenchNumberText(p.yearlyKm);
}

function bindSignOut(page: Page): void {
  page.signOut.addEventListener('click', async () => {
    await signOut();
    location.assign('/');
  });
}

/** The numeric preferences (PROFILE_LIMITS in shared/domain/profile.ts). */
const NUMBER_FIELDS = {
  tankLitres: { label: 'Le réservoir', min: 5, max: 150, unit: 'litres', example: '50', decimals: 1 },
  consumptionL100: {
    label: 'La consommation',
    min: 2,
    max: 30,
    unit: 'L/100 km',
    example: '6,5',
    decimals: 1,
  },
  yearlyKm: {
    label: 'Le kilométrage annuel',
    min: 0,
    max: 200_000,
    unit: 'km',
    example: '12 000',
    integer: true,
  },
} satisfies Record<string, NumberField>;

function bindPreferences(page: Page): void {
  const form = page.prefsForm;
  /** The input the API names in an error's `field`. */
  const fields: Record<string, HTMLInputElement> = {
    displayName: page.displayName,
    tankLitres: page.tank,
    consumptionL100: page.consumption,
    yearlyKm: page.yearlyKm,
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(page.prefsMsg, ...Object.values(fields));
    // French input ("6,5", "12 000"), checked here so the message is French and names the field.
    const numbers: Record<keyof typeof NUMBER_FIELDS, number> = {
      tankLitres: 0,
      consumptionL100: 0,
      yearlyKm: 0,
    };
    for (const [key, spec] of Object.entries(NUMBER_FIELDS) as [keyof typeof NUMBER_FIELDS, NumberField][]) {
      const input = fields[key] as HTMLInputElement;
      const read = readNumber(input.value, spec);
      if ('error' in read) return fail(page.prefsMsg, read.error, input);
      numbers[key] = read.value;
    }
    await busy(form, async () => {
      try {
        const displayName = page.displayName.value.trim();
        const me = await putMe({
          // The API keeps the stored name when none is sent ('' is not a valid name).
          ...(displayName ? { displayName } : {}),
          fuels: fuelBoxes(page)
            .filter((b) => b.checked)
            .map((b) => b.value as FuelCode),
          ...numbers,
        });
        fill(page, me);
        show(page.prefsMsg, 'Préférences enregistrées.', 'ok');
      } catch (error) {
        const field = error instanceof Error && 'field' in error ? fields[String(error.field)] : undefined;
        fail(page.prefsMsg, `Préférences non enregistrées. ${apiMessage(error)}`, field);
      }
    });
  });
}

function bindEmail(page: Page): void {
  const { emailForm: form, verifyForm: verify } = page;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(page.emailMsg, page.newEmail);
    const email = page.newEmail.value.trim();
    if (!EMAIL.test(email)) return fail(page.emailMsg, 'Saisissez une adresse e-mail valide.', page.newEmail);
    await busy(form, async () => {
      try {
        await updateEmail(email);
        verify.hidden = false;
        show(
          page.emailMsg,
          `Un code a été envoyé à ${email}. Saisissez-le pour confirmer la nouvelle adresse.`,
          'info',
        );
        page.emailCode.focus();
      } catch (error) {
        fail(page.emailMsg, authMessage(error), page.newEmail);
      }
    });
  });
  verify.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(page.verifyMsg, page.emailCode);
    await busy(verify, async () => {
      try {
        await verifyEmail(page.emailCode.value.trim());
        verify.hidden = true;
        show(page.emailMsg, 'Votre nouvelle adresse est confirmée.', 'ok');
        void loadAccount(page);
      } catch (error) {
        fail(page.verifyMsg, authMessage(error), page.emailCode);
      }
    });
  });
}

function bindPassword(page: Page): void {
  const form = page.passwordForm;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(page.passwordMsg, page.currentPassword, page.nextPassword);
    const next = page.nextPassword.value;
    const weak = passwordProblem(next);
    if (weak) return fail(page.passwordMsg, weak, page.nextPassword);
    await busy(form, async () => {
      try {
        await changePassword(page.currentPassword.value, next);
        form.reset();
        show(page.passwordMsg, 'Mot de passe changé.', 'ok');
      } catch (error) {
        fail(page.passwordMsg, changePasswordMessage(error), page.currentPassword);
      }
    });
  });
}

function bindExport(page: Page): void {
  page.export.addEventListener('click', async () => {
    const msg = page.exportMsg;
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

function bindDelete(page: Page): void {
  const { deleteDialog: dialog, deleteForm: form } = page;
  page.deleteOpen.addEventListener('click', () => {
    form.reset();
    clear(page.deleteMsg, page.deleteConfirm);
    dialog.showModal();
  });
  page.deleteCancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(page.deleteMsg, page.deleteConfirm);
    if (page.deleteConfirm.value.trim().toUpperCase() !== 'SUPPRIMER') {
      return fail(page.deleteMsg, 'Tapez SUPPRIMER pour confirmer.', page.deleteConfirm);
    }
    await busy(form, async () => {
      try {
        await deleteMe();
        await signOut();
        location.assign('/connexion/?deleted=1');
      } catch (error) {
        fail(page.deleteMsg, `Le compte n’a pas été supprimé. ${apiMessage(error)}`);
      }
    });
  });
}
