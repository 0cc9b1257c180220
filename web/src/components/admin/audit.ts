import { currentUser } from '../../lib/auth.ts';
import { byId, h } from '../../lib/dom.ts';
import { formatDateTime } from '../../lib/format.ts';
import { type AuditEntry, getAdminAudit } from './api.ts';
import { AUDIT_ACTION, AUDIT_RESULT, shortId } from './labels.ts';

let cursor: string | null = null;

/** Audit details in words; unknown ones are shown as `key : value`. */
const DETAIL: Record<string, (v: string | number | boolean) => string> = {
  force: (v) => (v ? 'forcée' : ''),
};

export function initAudit(): void {
  byId('audit-refresh').addEventListener('click', () => void loadAudit());
  byId('audit-more').addEventListener('click', () => void loadAudit(true));
}

/** The newest page of the audit list, or the next older one. */
export async function loadAudit(more = false): Promise<void> {
  const page = await getAdminAudit(more ? cursor : null);
  cursor = page.cursor;
  const rows = page.entries.map(row);
  if (more) byId('audit').append(...rows);
  else
    byId('audit').replaceChildren(
      ...(rows.length ? rows : [h('tr', null, h('td', { colspan: 6 }, 'Aucune action pour l’instant.'))]),
    );
  byId('audit-more').hidden = !cursor;
}

function row(e: AuditEntry): HTMLElement {
  const me = currentUser()?.sub;
  const [label, badge] = AUDIT_RESULT[e.result] ?? [e.result, 'badge-muted'];
  const detail = [
    ...Object.entries(e.detail).map(([k, v]) => DETAIL[k]?.(v) ?? `${k} : ${v}`),
    e.error ? `${e.error.code} : ${e.error.message}` : '',
  ].filter(Boolean);
  const who = (sub: string) =>
    h('span', { title: sub, class: 'admin-ids' }, sub === me ? 'vous' : shortId(sub));
  return h(
    'tr',
    null,
    h('td', null, formatDateTime(e.at)),
    h('td', null, who(e.actor.sub)),
    h('td', null, AUDIT_ACTION[e.action] ?? e.action),
    h('td', null, e.target === null ? '—' : e.target === 'ingest' ? 'ingestion' : who(e.target)),
    h('td', null, h('span', { class: `badge ${badge}` }, label)),
    h('td', { class: 'admin-wrap' }, detail.join(' · ')),
  );
}
