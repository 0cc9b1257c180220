import { apiMessage } from '../../lib/api.ts';
import { currentUser } from '../../lib/auth.ts';
import { instantiate, refs, show } from '../../lib/dom.ts';
import { formatDate } from '../../lib/format.ts';
import { latest } from '../../lib/latest.ts';
import { type AdminUser, type AdminUserAction, getAdminUsers, postAdminUserAction } from './api.ts';
import { USER_STATUS } from './labels.ts';

let prefix = '';
let cursor: string | null = null;
/** A new search aborts the one in flight, so an older answer never replaces newer rows. */
const searches = latest();
/** Called after each action (the page refreshes its audit list). */
let afterAction: () => void = () => {};

/** UsersSection.astro's elements. */
const ui = () =>
  refs(document, {
    usersForm: HTMLFormElement,
    usersPrefix: HTMLInputElement,
    usersMsg: HTMLElement,
    users: HTMLTableSectionElement,
    usersMore: HTMLButtonElement,
    userRow: HTMLTemplateElement,
    confirmDialog: HTMLDialogElement,
    confirmTitle: HTMLElement,
    confirmText: HTMLElement,
    confirmOk: HTMLButtonElement,
  });

/** The user search form, its table and the actions, each behind a confirmation. */
export function initUsers(onAction: () => void): void {
  afterAction = onAction;
  const { usersForm, usersPrefix, usersMore } = ui();
  usersForm.addEventListener('submit', (event) => {
    event.preventDefault();
    prefix = usersPrefix.value.trim();
    void search(false);
  });
  usersMore.addEventListener('click', () => void search(true));
}

export async function search(more: boolean): Promise<void> {
  const u = ui();
  if (/["\\]/.test(prefix)) {
    show(u.usersMsg, 'Les guillemets et les barres obliques inverses ne sont pas permis.', 'error');
    return;
  }
  show(u.usersMsg, 'Recherche…', 'info');
  try {
    const page = await searches.run((signal) => getAdminUsers(prefix, more ? cursor : null, signal));
    if (!page) return; // a newer search took over
    cursor = page.cursor;
    const rows = page.users.map((user) => userRow(u.userRow, user));
    if (more) u.users.append(...rows);
    else u.users.replaceChildren(...rows);
    u.usersMore.hidden = !cursor;
    show(u.usersMsg, page.users.length || more ? null : 'Aucun utilisateur ne correspond.', 'info');
  } catch (error) {
    show(u.usersMsg, apiMessage(error), 'error');
  }
}

/** What each action asks and reports; its label is the button's text (UsersSection.astro). */
const ACTIONS: Record<AdminUserAction, { question: string; done: string }> = {
  'reset-password': {
    question:
      'Cognito enverra à {email} un code pour choisir un nouveau mot de passe ; l’actuel ne fonctionnera plus. Vous ne verrez ni ne fixerez aucun mot de passe.',
    done: 'Un code de réinitialisation a été envoyé à {email}.',
  },
  disable: {
    question: 'Le compte {email} ne pourra plus se connecter jusqu’à sa réactivation.',
    done: 'Le compte {email} est désactivé.',
  },
  enable: {
    question: 'Le compte {email} pourra de nouveau se connecter.',
    done: 'Le compte {email} est réactivé.',
  },
};

function userRow(template: HTMLTemplateElement, user: AdminUser): HTMLElement {
  const { root, refs: r } = instantiate(template, {
    email: HTMLElement,
    me: HTMLElement,
    name: HTMLElement,
    status: HTMLElement,
    enabled: HTMLElement,
    createdAt: HTMLElement,
    'reset-password': HTMLButtonElement,
    disable: HTMLButtonElement,
    enable: HTMLButtonElement,
  });
  const me = currentUser()?.sub === user.sub;
  r.email.textContent = user.email ?? user.username;
  if (!me) r.me.remove();
  r.name.textContent = user.name ?? '—';
  r.status.textContent = user.status ? (USER_STATUS[user.status] ?? user.status) : '—';
  r.enabled.classList.add(user.enabled ? 'badge-open' : 'badge-closed');
  r.enabled.textContent = user.enabled ? 'Actif' : 'Désactivé';
  r.createdAt.textContent = user.createdAt ? formatDate(user.createdAt) : '—';
  // Cognito refuses to reset a disabled user's password ("User is disabled."): enable them first.
  const offered: AdminUserAction[] = user.enabled ? ['reset-password', 'disable'] : ['enable'];
  for (const action of ['reset-password', 'disable', 'enable'] as const) {
    const button = r[action];
    if (offered.includes(action) && !(action === 'disable' && me))
      button.addEventListener('click', () => void act(user, action, button));
    else button.remove();
  }
  return root;
}

async function act(user: AdminUser, action: AdminUserAction, button: HTMLButtonElement): Promise<void> {
  const spec = ACTIONS[action];
  const email = user.email ?? user.username;
  const label = button.textContent ?? action;
  const danger = button.classList.contains('danger');
  if (!(await confirmAction(label, spec.question.replace('{email}', email), danger))) return;
  const { usersMsg } = ui();
  try {
    await postAdminUserAction(user.username, action);
    await search(false);
    show(usersMsg, spec.done.replace('{email}', email), 'ok');
  } catch (error) {
    show(usersMsg, apiMessage(error), 'error');
  }
  afterAction();
}

function confirmAction(title: string, text: string, danger = false): Promise<boolean> {
  const { confirmDialog: dialog, confirmTitle, confirmText, confirmOk } = ui();
  confirmTitle.textContent = `${title} ?`;
  confirmText.textContent = text;
  confirmOk.textContent = title;
  confirmOk.className = danger ? 'danger' : '';
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
