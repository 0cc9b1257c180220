import { apiMessage } from '../../lib/api.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { formatDateTime } from '../../lib/format.ts';
import { type AdminHealthResponse, type AdminRunRow, getAdminHealth, getAdminRun } from './api.ts';
import { age, bytes, FLAG, n, RUN_STATUS, SKIP_REASON, seconds, TRIGGER } from './labels.ts';

const shortDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const compactDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
});
const when = (iso: string | null) => (iso ? compactDateTime.format(new Date(iso)) : undefined);

let clearChart: (() => void) | undefined;

/** Loads and shows data health, the runs chart, the runs and the feed quirks. Throws the API's error. */
export async function loadHealth(): Promise<AdminHealthResponse> {
  const health = await getAdminHealth();
  renderKpis(health);
  renderRuns(health.runs);
  renderQuirks(health);
  await renderChart(health);
  return health;
}

function kpi(value: Node | string, label: string, detail?: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'value' }, value),
    h('div', { class: 'label' }, label),
    detail ? h('div', { class: 'label' }, detail) : null,
  );
}

function renderKpis({ data, counts, runs }: AdminHealthResponse): void {
  const state: Record<string, [string, string]> = {
    ok: ['À jour', 'badge-open'],
    stale: ['Anciennes', 'badge-stale'],
    empty: ['Aucune', 'badge-closed'],
  };
  const [label, badge] = state[data.status] ?? [data.status, 'badge-muted'];
  byId('health-kpis').replaceChildren(
    kpi(h('span', { class: `badge ${badge}` }, label), 'Données publiées'),
    kpi(age(data.ageSeconds), 'depuis la publication', when(data.publishedAt)),
    kpi(age(data.feedAgeSeconds), 'prix le plus récent', when(data.feedTime)),
    kpi(n(data.stations), 'stations publiées'),
    kpi(n(data.prices), 'prix publiés'),
    kpi(
      `${n(counts.succeeded)} / ${n(runs.length)}`,
      'exécutions réussies',
      `${n(counts.failed)} échec${counts.failed > 1 ? 's' : ''}, ${n(counts.skipped)} ignorée${counts.skipped > 1 ? 's' : ''}`,
    ),
  );
}

function renderRuns(runs: AdminRunRow[]): void {
  byId('runs').replaceChildren(
    ...(runs.length
      ? runs.map(runRow)
      : [h('tr', null, h('td', { colspan: 12 }, 'Aucune exécution enregistrée pour l’instant.'))]),
  );
}

function runRow(run: AdminRunRow): HTMLElement {
  const [label, badge] = RUN_STATUS[run.status] ?? [run.status, 'badge-muted'];
  const reason = run.reason
    ? h('small', { class: 'admin-reason' }, SKIP_REASON[run.reason] ?? run.reason)
    : null;
  const flagTotal = Object.values(run.flags).reduce((a, b) => a + b, 0);
  const details = h(
    'button',
    { type: 'button', class: 'link', title: `Détail de l’exécution du ${formatDateTime(run.startedAt)}` },
    shortDateTime.format(new Date(run.startedAt)),
  );
  details.addEventListener('click', () => void openRun(run.startedAt));
  return h(
    'tr',
    null,
    h('td', null, details),
    h('td', null, h('span', { class: `badge ${badge}` }, label), reason),
    h('td', null, run.trigger ? (TRIGGER[run.trigger] ?? run.trigger) : '—'),
    h('td', { class: 'num' }, seconds(run.durationMs)),
    h('td', { class: 'num' }, bytes(run.bytes)),
    h('td', { class: 'num' }, n(run.stations)),
    h('td', { class: 'num' }, n(run.prices)),
    h('td', { class: 'num' }, n(run.changed)),
    h('td', { class: 'num' }, n(run.written)),
    h('td', { class: 'num' }, n(run.rejected)),
    h('td', { class: 'num' }, run.stations === null ? '—' : n(flagTotal)),
    h('td', { class: 'admin-wrap' }, run.error ? `${run.error.code} : ${run.error.message}` : ''),
  );
}

async function openRun(startedAt: string): Promise<void> {
  const dialog = byId<HTMLDialogElement>('run-dialog');
  const msg = byId('run-dialog-msg');
  byId('run-facts').replaceChildren();
  byId('run-json').textContent = '';
  byId('run-logs').textContent = '';
  byId('run-dialog-title').textContent = `Exécution du ${formatDateTime(startedAt)}`;
  show(msg, 'Chargement…', 'info');
  dialog.showModal();
  try {
    const { run, logs } = await getAdminRun(startedAt);
    show(msg, null);
    const timings = (run.timings ?? {}) as Record<string, number>;
    const warnings = Array.isArray(run.warnings) ? (run.warnings as string[]) : [];
    const error = run.error as { code: string; message: string } | undefined;
    const facts: [string, string][] = [
      ['Identifiant', run.runId],
      [
        'Statut',
        `${RUN_STATUS[run.status]?.[0] ?? run.status}${run.reason ? ` (${SKIP_REASON[String(run.reason)] ?? String(run.reason)})` : ''}`,
      ],
      ['Source', String(run.source ?? '—')],
      ['Forcée', run.force ? 'oui' : 'non'],
      ['Durée', seconds(typeof run.durationMs === 'number' ? run.durationMs : null)],
      [
        'Phases',
        Object.entries(timings)
          .map(([k, v]) => `${k} ${seconds(v)}`)
          .join(' · ') || '—',
      ],
      ['Avertissements', warnings.join(' ; ') || 'aucun'],
      ['Erreur', error ? `${error.code} : ${error.message}` : 'aucune'],
    ];
    byId('run-facts').replaceChildren(...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
    byId('run-json').textContent = JSON.stringify(run, null, 2);
    byId('run-logs').textContent = `Journaux : ${logs}`;
  } catch (error) {
    show(msg, apiMessage(error), 'error');
  }
}

function renderQuirks({ quirks }: AdminHealthResponse): void {
  const summary = byId('quirks-summary');
  if (!quirks) {
    summary.textContent = 'Aucun flux lu pour l’instant.';
    byId('quirks').replaceChildren();
    return;
  }
  summary.textContent =
    `Exécution du ${formatDateTime(quirks.startedAt)} : ${n(quirks.rejected)} enregistrement(s) illisible(s) écarté(s).` +
    (quirks.examplesFrom ? ' Exemples tirés des données publiées.' : '');
  byId('quirks').replaceChildren(
    ...(quirks.flags.length
      ? quirks.flags.map((q) =>
          h(
            'tr',
            null,
            h('td', { title: q.flag }, FLAG[q.flag] ?? q.flag),
            h('td', { class: 'num' }, n(q.count)),
            h(
              'td',
              { class: 'admin-ids' },
              ...q.examples.flatMap((id, i) => [
                i > 0 ? ' ' : null,
                h('a', { href: `/station/?id=${encodeURIComponent(id)}` }, id),
              ]),
            ),
          ),
        )
      : [h('tr', null, h('td', { colspan: 3 }, 'Aucune particularité.'))]),
  );
}

async function renderChart({ series }: AdminHealthResponse): Promise<void> {
  const element = byId('runs-chart');
  const count = series.startedAt.length;
  const durations = series.durationMs.filter((v): v is number => v !== null);
  const longest = durations.length ? Math.max(...durations) : null;
  byId('runs-chart-summary').textContent = count
    ? `${count} exécution(s) terminée(s) ; la plus longue : ${seconds(longest)}. Stations modifiées : uniquement pour les exécutions qui ont comparé le flux.`
    : 'Pas encore d’exécution terminée.';
  clearChart?.();
  clearChart = undefined;
  if (count === 0) {
    element.replaceChildren();
    return;
  }
  // uPlot is only downloaded by this page, and only once there is something to draw.
  const { drawRunsChart } = await import('./runs-chart.ts');
  clearChart = drawRunsChart(element, series);
}
