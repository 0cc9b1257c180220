import { apiMessage } from '../../lib/api.ts';
import { currentUser } from '../../lib/auth.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { formatDate } from '../../lib/format.ts';
import { type AdminUser, type AdminUserAction, getAdminUsers, postAdminUserAction } from './api.ts';
import { USER_STATUS } from './labels.ts';

let prefix = '';
let cursor: string | null = null;
/** The search in flight: a new one aborts it, so an older answer never replaces newer rows. */
let controller: AbortController | null = null;
/** Called after each action (the page refreshes its audit list). */
let afterAction: () => void = () => {};

/** The user search form, its table and the actions, each behind a confirmation. */
export function initUsers(onAction: () => void): void {
  afterAction = onAction;
  const form = byId<HTMLFormElement>('users-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    prefix = byId<HTMLInputElement>('users-prefix').value.trim();
    void search(false);
  });
  byId('users-more').addEventListener('click', () => void search(true));
}

export async function search(more: boolean): Promise<void> {
  const msg = byId('users-msg');
  if (/["\\]/.test(prefix)) {
    show(msg, 'Les guillemets et les barres obliques inverses ne sont pas permis.', 'error');
    return;
  }
  show(msg, 'Recherche…', 'info');
  controller?.abort();
  controller = new AbortController();
  try {
    const page = await getAdminUsers(prefix, more ? cursor : null, controller.signal);
    cursor = page.cursor;
    const rows = page.users.map(userRow);
    if (more) byId('users').append(...rows);
    else byId('users').replaceChildren(...rows);
    byId('users-more').hidden = !cursor;
    show(msg, page.users.length || more ? null : 'Aucun utilisateur ne correspond.', 'info');
  } catch (error) {
    if ((error as Error).name !== 'AbortError') show(msg, apiMessage(error), 'error');
  }
}

const ACTIONS: Record<AdminUserAction, { label: string; question: string; done: string; danger?: boolean }> =
  {
    'reset-password': {
      label: 'Réinitialiser le mot de passe',
      question:
        'Cognito enverra à {email} un code pour choisir un nouveau mot de passe ; l’actuel ne fonctionnera plus. Vous ne verrez ni ne fixerez aucun mot de passe.',
      done: 'Un code de réinitialisation a été envoyé à {email}.',
    },
    disable: {
      label: 'Désactiver',
      question: 'Le compte {email} ne pourra plus se connecter jusqu’à sa réactivation.',
      done: 'Le compte {email} est désactivé.',
      danger: true,
    },
    enable: {
      label: 'Réactiver',
      question: 'Le compte {email} pourra de nouveau se connecter.',
      done: 'Le compte {email} est réactivé.',
    },
  };

function userRow(user: AdminUser): HTMLElement {
  const me = currentUser()?.sub === user.sub;
  // Cognito refuses to reset a disabled user's password ("User is disabled."): enable them first.
  const actions: AdminUserAction[] = user.enabled ? ['reset-password', 'disable'] : ['enable'];
  const row = h(
    'tr',
    null,
    h('td', null, user.email ?? user.username, me ? ' (vous)' : null),
    h('td', null, user.name ?? '—'),
    h('td', null, user.status ? (USER_STATUS[user.status] ?? user.status) : '—'),
    h(
      'td',
      null,
      h(
        'span',
        { class: `badge ${user.enabled ? 'badge-open' : 'badge-closed'}` },
        user.enabled ? 'Actif' : 'Désactivé',
      ),
    ),
    h('td', null, user.createdAt ? formatDate(user.createdAt) : '—'),
    h(
      'td',
      { class: 'actions' },
      ...actions
        .filter((a) => !(a === 'disable' && me))
        .map((action) => {
          const spec = ACTIONS[action];
          const button = h(
            'button',
            { type: 'button', class: spec.danger ? 'danger' : 'secondary', 'data-action': action },
            spec.label,
          );
          button.addEventListener('click', () => void act(user, action));
          return button;
        }),
    ),
  );
  return row;
}

async function act(user: AdminUser, action: AdminUserAction): Promise<void> {
  const spec = ACTIONS[action];
  const email = user.email ?? user.username;
  if (!(await confirmAction(spec.label, spec.question.replace('{email}', email), spec.danger))) return;
  const msg = byId('users-msg');
  try {
    await postAdminUserAction(user.username, action);
    await search(false);
    show(msg, spec.done.replace('{email}', email), 'ok');
  } catch (error) {
    show(msg, apiMessage(error), 'error');
  }
  afterAction();
}

function confirmAction(title: string, text: string, danger = false): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm-dialog');
  byId('confirm-title').textContent = `${title} ?`;
  byId('confirm-text').textContent = text;
  const ok = byId('confirm-ok');
  ok.textContent = title;
  ok.className = danger ? 'danger' : '';
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
