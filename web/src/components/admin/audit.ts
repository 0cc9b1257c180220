import { currentUser } from '../../lib/auth.ts';
import { instantiate, refs } from '../../lib/dom.ts';
import { formatDateTime } from '../../lib/format.ts';
import { type AuditEntry, getAdminAudit } from './api.ts';
import { AUDIT_ACTION, AUDIT_RESULT, REPORT_KIND, shortId } from './labels.ts';

let cursor: string | null = null;

/** Audit details in words; unknown ones are shown as `key : value`. */
const DETAIL: Record<string, (v: string | number | boolean) => string> = {
  force: (v) => (v ? 'forcée' : ''),
  // Report decisions (reports.ts).
  station: (v) => `station ${v}`,
  kind: (v) => `erreur : ${REPORT_KIND[String(v) as keyof typeof REPORT_KIND] ?? v}`,
  effect: (v) => (v === 'override' ? 'correction imposée' : 'décision seule'),
};

/** AuditSection.astro's elements. */
const ui = () =>
  refs(document, {
    audit: HTMLTableSectionElement,
    auditRefresh: HTMLButtonElement,
    auditMore: HTMLButtonElement,
    auditRow: HTMLTemplateElement,
    auditEmpty: HTMLTemplateElement,
  });

export function initAudit(): void {
  const { auditRefresh, auditMore } = ui();
  auditRefresh.addEventListener('click', () => void loadAudit());
  auditMore.addEventListener('click', () => void loadAudit(true));
}

/** The newest page of the audit list, or the next older one. */
export async function loadAudit(more = false): Promise<void> {
  const page = await getAdminAudit(more ? cursor : null);
  const u = ui();
  cursor = page.cursor;
  const rows = page.entries.map((e) => row(u.auditRow, e));
  if (more) u.audit.append(...rows);
  else u.audit.replaceChildren(...(rows.length ? rows : [instantiate(u.auditEmpty, {}).root]));
  u.auditMore.hidden = !cursor;
}

function row(template: HTMLTemplateElement, e: AuditEntry): HTMLElement {
  const { root, refs: r } = instantiate(template, {
    at: HTMLElement,
    actor: HTMLElement,
    action: HTMLElement,
    target: HTMLElement,
    targetId: HTMLElement,
    result: HTMLElement,
    detail: HTMLElement,
  });
  const me = currentUser()?.sub;
  const who = (node: HTMLElement, sub: string) => {
    node.title = sub;
    node.textContent = sub === me ? 'vous' : shortId(sub);
  };
  const [label, badge] = AUDIT_RESULT[e.result] ?? [e.result, 'badge-muted'];
  r.at.textContent = formatDateTime(e.at);
  who(r.actor, e.actor.sub);
  r.action.textContent = AUDIT_ACTION[e.action] ?? e.action;
  if (e.target === null) r.target.textContent = '—';
  else if (e.target === 'ingest') r.target.textContent = 'ingestion';
  else if (e.action.startsWith('report.')) {
    r.target.textContent = 'signalement ';
    r.target.append(r.targetId);
    r.targetId.title = e.target;
    r.targetId.textContent = shortId(e.target);
  } else who(r.targetId, e.target);
  r.result.classList.add(badge);
  r.result.textContent = label;
  r.detail.textContent = [
    ...Object.entries(e.detail).map(([k, v]) => DETAIL[k]?.(v) ?? `${k} : ${v}`),
    e.error ? `${e.error.code} : ${e.error.message}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return root;
}
