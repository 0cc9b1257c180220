import { apiMessage, getAdminRuns, type IngestRun } from '../api.ts';
import { hasSession } from '../auth.ts';
import { byId, h, show } from '../dom.ts';
import { formatDateTime } from '../format.ts';

const STATUS: Record<string, [string, string]> = {
  succeeded: ['Réussie', 'badge-open'],
  failed: ['Échec', 'badge-closed'],
  skipped: ['Ignorée (flux inchangé)', 'badge-muted'],
  running: ['En cours', 'badge-stale'],
};

/** The API enforces the admin group; this page only shows what it answers. */
export async function initAdmin(): Promise<void> {
  if (!hasSession()) {
    byId('signin-prompt').hidden = false;
    return;
  }
  const msg = byId('admin-msg');
  show(msg, 'Chargement des exécutions…', 'info');
  try {
    const { runs } = await getAdminRuns(50);
    show(msg, runs.length ? null : 'Aucune exécution enregistrée pour l’instant.', 'info');
    byId('runs-area').hidden = runs.length === 0;
    byId('runs').replaceChildren(...runs.map(row));
  } catch (error) {
    show(msg, apiMessage(error), 'error');
  }
}

function row(run: IngestRun): HTMLElement {
  const [label, badge] = STATUS[run.status] ?? [run.status, 'badge-muted'];
  const n = (v: number | undefined) => (v === undefined ? '—' : v.toLocaleString('fr-FR'));
  return h(
    'tr',
    null,
    h('td', null, formatDateTime(run.startedAt)),
    h('td', null, h('span', { class: `badge ${badge}` }, label)),
    h('td', null, run.trigger ?? '—'),
    h('td', { class: 'num' }, run.durationMs === undefined ? '—' : `${(run.durationMs / 1000).toFixed(1)} s`),
    h('td', { class: 'num' }, n(run.stations)),
    h('td', { class: 'num' }, n(run.prices)),
    h('td', { class: 'num' }, n(run.changed)),
    h('td', null, run.source ? (run.source.split('/').pop() ?? run.source) : '—'),
    h('td', null, run.error ? `${run.error.code} : ${run.error.message}` : ''),
  );
}
