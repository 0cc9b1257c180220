import { FUELS } from '#shared/domain/fuels.ts';
import { distanceKm } from '#shared/domain/geo.ts';
import { stationTitle } from '#shared/domain/names.ts';
import { ApiError, apiMessage } from '../../lib/api.ts';
import { currentUser } from '../../lib/auth.ts';
import { instantiate, refs, show } from '../../lib/dom.ts';
import { formatDateTime } from '../../lib/format.ts';
import { latest } from '../../lib/latest.ts';
import { type AdminReport, getAdminReports, postAdminReportDecision, type ReportStatus } from './api.ts';
import { REPORT_KIND, shortId } from './labels.ts';

let status: ReportStatus = 'pending';
let cursor: string | null = null;
/** A new listing aborts the one in flight, so an older answer never replaces newer rows. */
const listings = latest();
/** Called after each decision (the page refreshes its audit list). */
let afterDecision: () => void = () => {};

const STATUS: Record<ReportStatus, [label: string, badge: string]> = {
  pending: ['En attente', 'badge-stale'],
  accepted: ['Accepté', 'badge-open'],
  rejected: ['Rejeté', 'badge-closed'],
};

/** ReportsSection.astro's elements. */
const ui = () =>
  refs(document, {
    reportsStatus: HTMLSelectElement,
    reportsRefresh: HTMLButtonElement,
    reportsMsg: HTMLElement,
    reports: HTMLTableSectionElement,
    reportsMore: HTMLButtonElement,
    reportRow: HTMLTemplateElement,
    reportsEmpty: HTMLTemplateElement,
  });

export function initReports(onDecision: () => void): void {
  afterDecision = onDecision;
  const u = ui();
  u.reportsStatus.addEventListener('change', () => {
    status = u.reportsStatus.value as ReportStatus;
    void loadReports();
  });
  u.reportsRefresh.addEventListener('click', () => void loadReports());
  u.reportsMore.addEventListener('click', () => void loadReports(true));
}

/** The first page of the chosen queue, or the next one. */
export async function loadReports(more = false): Promise<void> {
  const u = ui();
  try {
    const page = await listings.run((signal) => getAdminReports(status, more ? cursor : null, signal));
    if (!page) return; // a newer listing took over
    cursor = page.cursor;
    const rows = page.reports.map(row);
    if (more) u.reports.append(...rows);
    else u.reports.replaceChildren(...(rows.length ? rows : [instantiate(u.reportsEmpty, {}).root]));
    u.reportsMore.hidden = !cursor;
  } catch (error) {
    show(u.reportsMsg, apiMessage(error), 'error');
  }
}

const coords = (lat: number, lon: number) =>
  `${lat.toFixed(5).replace('.', ',')}, ${lon.toFixed(5).replace('.', ',')}`;

/** What the report proposes, in words. */
function proposed(r: AdminReport): string {
  const p = r.proposal;
  switch (r.kind) {
    case 'name':
      return p.name ?? '—';
    case 'brand':
      return p.brand ?? '—';
    case 'position':
      return p.lat !== undefined && p.lon !== undefined ? coords(p.lat, p.lon) : '—';
    case 'closed':
      return 'Fermée';
    case 'price':
      return p.fuel ? `Prix du ${FUELS.find((f) => f.code === p.fuel)?.label ?? p.fuel}` : 'Un prix';
  }
}

/** What the station says now for the same field. */
function current(r: AdminReport): string {
  const s = r.station;
  if (!s) return 'Station absente du flux';
  switch (r.kind) {
    case 'name':
      return s.name ?? '—';
    case 'brand':
      return s.brand ?? '—';
    case 'position': {
      if (s.lat === null || s.lon === null) return 'Position inconnue';
      const p = r.proposal;
      const away =
        p.lat !== undefined && p.lon !== undefined
          ? ` (à ${distanceKm(s.lat, s.lon, p.lat, p.lon).toFixed(1).replace('.', ',')} km)`
          : '';
      return `${coords(s.lat, s.lon)}${away}`;
    }
    default:
      return '—';
  }
}

function row(r: AdminReport): HTMLElement {
  const { root, refs: x } = instantiate(ui().reportRow, {
    createdAt: HTMLElement,
    station: HTMLAnchorElement,
    address: HTMLElement,
    kind: HTMLElement,
    proposed: HTMLElement,
    current: HTMLElement,
    reporter: HTMLElement,
    comment: HTMLElement,
    decision: HTMLFormElement,
    note: HTMLInputElement,
    status: HTMLElement,
    decided: HTMLElement,
  });
  x.createdAt.textContent = formatDateTime(r.createdAt);
  x.station.href = `/station/?id=${encodeURIComponent(r.stationId)}`;
  x.station.textContent = r.station ? stationTitle(r.station) : r.stationId;
  x.address.textContent = r.station ? `${r.station.address}, ${r.station.town}` : '';
  x.kind.textContent = REPORT_KIND[r.kind] ?? r.kind;
  x.proposed.textContent = proposed(r);
  x.current.textContent = current(r);
  // Who: the sub in short form, as the audit list shows admins; never an email.
  const me = currentUser()?.sub;
  if (r.reporter) {
    x.reporter.title = r.reporter;
    x.reporter.textContent = r.reporter === me ? 'vous' : shortId(r.reporter);
  } else x.reporter.textContent = 'compte supprimé';
  if (r.comment) x.comment.textContent = r.comment;
  else x.comment.remove();
  const [label, badge] = STATUS[r.status];
  if (r.status === 'pending') {
    x.status.remove();
    x.decided.remove();
    x.note.setAttribute('aria-label', `Note pour le signalement de ${x.station.textContent}`);
    x.decision.addEventListener('submit', (event) => {
      event.preventDefault();
      const verdict = (event.submitter as HTMLButtonElement | null)?.value === 'reject' ? 'reject' : 'accept';
      void decide(r, verdict, x.decision, x.note.value.trim());
    });
  } else {
    x.decision.remove();
    x.status.classList.add(badge);
    x.status.textContent = label;
    x.decided.textContent = [r.decidedAt ? `le ${formatDateTime(r.decidedAt)}` : '', r.note ?? '']
      .filter(Boolean)
      .join(' · ');
  }
  return root;
}

async function decide(
  r: AdminReport,
  verdict: 'accept' | 'reject',
  form: HTMLFormElement,
  note: string,
): Promise<void> {
  const { reportsMsg } = ui();
  for (const b of form.querySelectorAll('button')) b.disabled = true;
  try {
    const res = await postAdminReportDecision(r.id, verdict, note);
    const what = REPORT_KIND[r.kind].toLowerCase();
    show(
      reportsMsg,
      verdict === 'reject'
        ? `Signalement rejeté (${what}).`
        : res.effect === 'override'
          ? `Signalement accepté : ${what} imposé à la station dès la prochaine ingestion.`
          : `Signalement accepté (${what}) : décision enregistrée, la station n’est pas modifiée.`,
      'ok',
    );
  } catch (error) {
    const text =
      error instanceof ApiError && error.status === 409
        ? 'Ce signalement a déjà été traité par un autre administrateur.'
        : apiMessage(error);
    show(reportsMsg, text, 'error');
  }
  await loadReports();
  afterDecision();
}
