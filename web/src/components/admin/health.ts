import { apiMessage } from '../../lib/api.ts';
import { instantiate, refs, show } from '../../lib/dom.ts';
import { formatDateTime } from '../../lib/format.ts';
import { type AdminHealthResponse, type AdminRunRow, getAdminHealth, getAdminRun } from './api.ts';
import { kpis } from './kpi.ts';
import { age, bytes, FLAG, n, RUN_STATUS, runErrorText, SKIP_REASON, seconds, TRIGGER } from './labels.ts';

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

/** HealthSection.astro's and QuirksSection.astro's elements, read once. */
let cached: ReturnType<typeof find> | undefined;
const ui = () => {
  cached ??= find();
  return cached;
};
const find = () =>
  refs(document, {
    healthKpis: HTMLElement,
    runsChartSummary: HTMLElement,
    runsChart: HTMLElement,
    runs: HTMLTableSectionElement,
    runRow: HTMLTemplateElement,
    runsEmpty: HTMLTemplateElement,
    runDialog: HTMLDialogElement,
    runDialogTitle: HTMLElement,
    runDialogMsg: HTMLElement,
    runFacts: HTMLElement,
    factId: HTMLElement,
    factStatus: HTMLElement,
    factSource: HTMLElement,
    factForce: HTMLElement,
    factDuration: HTMLElement,
    factPhases: HTMLElement,
    factWarnings: HTMLElement,
    factError: HTMLElement,
    runJson: HTMLElement,
    runLogs: HTMLElement,
    quirksSummary: HTMLElement,
    quirks: HTMLTableSectionElement,
    quirkRow: HTMLTemplateElement,
    stationLink: HTMLTemplateElement,
    quirksEmpty: HTMLTemplateElement,
  });

/** Loads and shows data health, the runs chart, the runs and the feed quirks. Throws the API's error. */
export async function loadHealth(): Promise<AdminHealthResponse> {
  const health = await getAdminHealth();
  renderKpis(health);
  renderRuns(health.runs);
  renderQuirks(health);
  await renderChart(health);
  return health;
}

const STATE: Record<string, [string, string]> = {
  ok: ['À jour', 'badge-open'],
  // Late publication or an old feed (price-age.ts dataStatus): never green beside "179 j".
  stale: ['En retard', 'badge-stale'],
  empty: ['Aucune', 'badge-closed'],
};

function renderKpis({ data, counts, runs }: AdminHealthResponse): void {
  const [text, badge] = STATE[data.status] ?? [data.status, 'badge-muted'];
  ui().healthKpis.replaceChildren(
    ...kpis([
      { value: { badge, text }, label: 'Données publiées' },
      { value: age(data.ageSeconds), label: 'depuis la publication', detail: when(data.publishedAt) },
      { value: age(data.feedAgeSeconds), label: 'prix le plus récent', detail: when(data.feedTime) },
      { value: n(data.stations), label: 'stations publiées' },
      { value: n(data.prices), label: 'prix publiés' },
      {
        value: `${n(counts.succeeded)} / ${n(runs.length)}`,
        label: 'exécutions réussies',
        detail: `${n(counts.failed)} échec${counts.failed > 1 ? 's' : ''}, ${n(counts.skipped)} ignorée${counts.skipped > 1 ? 's' : ''}`,
      },
    ]),
  );
}

function renderRuns(runs: AdminRunRow[]): void {
  const { runs: body, runsEmpty } = ui();
  body.replaceChildren(...(runs.length ? runs.map(runRow) : [instantiate(runsEmpty, {}).root]));
}

function runRow(run: AdminRunRow): HTMLElement {
  const { root, refs: r } = instantiate(ui().runRow, {
    details: HTMLButtonElement,
    status: HTMLElement,
    reason: HTMLElement,
    trigger: HTMLElement,
    duration: HTMLElement,
    bytes: HTMLElement,
    stations: HTMLElement,
    prices: HTMLElement,
    changed: HTMLElement,
    written: HTMLElement,
    rejected: HTMLElement,
    flagged: HTMLElement,
    error: HTMLElement,
  });
  const [label, badge] = RUN_STATUS[run.status] ?? [run.status, 'badge-muted'];
  const flagTotal = Object.values(run.flags).reduce((a, b) => a + b, 0);
  r.details.title = `Détail de l’exécution du ${formatDateTime(run.startedAt)}`;
  r.details.textContent = shortDateTime.format(new Date(run.startedAt));
  r.details.addEventListener('click', () => void openRun(run.startedAt));
  r.status.classList.add(badge);
  r.status.textContent = label;
  if (run.reason) r.reason.textContent = SKIP_REASON[run.reason] ?? run.reason;
  else r.reason.remove();
  r.trigger.textContent = run.trigger ? (TRIGGER[run.trigger] ?? run.trigger) : '—';
  r.duration.textContent = seconds(run.durationMs);
  r.bytes.textContent = bytes(run.bytes);
  r.stations.textContent = n(run.stations);
  r.prices.textContent = n(run.prices);
  r.changed.textContent = n(run.changed);
  r.written.textContent = n(run.written);
  r.rejected.textContent = n(run.rejected);
  r.flagged.textContent = run.stations === null ? '—' : n(flagTotal);
  r.error.textContent = run.error ? runErrorText(run.error) : '';
  return root;
}

async function openRun(startedAt: string): Promise<void> {
  const u = ui();
  u.runFacts.hidden = true;
  u.runJson.textContent = '';
  u.runLogs.textContent = '';
  u.runDialogTitle.textContent = `Exécution du ${formatDateTime(startedAt)}`;
  show(u.runDialogMsg, 'Chargement…', 'info');
  u.runDialog.showModal();
  try {
    const { run, logs } = await getAdminRun(startedAt);
    show(u.runDialogMsg, null);
    const timings = (run.timings ?? {}) as Record<string, number>;
    const warnings = Array.isArray(run.warnings) ? (run.warnings as string[]) : [];
    const error = run.error as { code: string; message: string } | undefined;
    u.factId.textContent = run.runId;
    u.factStatus.textContent = `${RUN_STATUS[run.status]?.[0] ?? run.status}${run.reason ? ` (${SKIP_REASON[String(run.reason)] ?? String(run.reason)})` : ''}`;
    u.factSource.textContent = String(run.source ?? '—');
    u.factForce.textContent = run.force ? 'oui' : 'non';
    u.factDuration.textContent = seconds(typeof run.durationMs === 'number' ? run.durationMs : null);
    u.factPhases.textContent =
      Object.entries(timings)
        .map(([k, v]) => `${k} ${seconds(v)}`)
        .join(' · ') || '—';
    u.factWarnings.textContent = warnings.join(' ; ') || 'aucun';
    u.factError.textContent = error ? runErrorText(error) : 'aucune';
    u.runFacts.hidden = false;
    u.runJson.textContent = JSON.stringify(run, null, 2);
    u.runLogs.textContent = `Journaux : ${logs}`;
  } catch (error) {
    show(u.runDialogMsg, apiMessage(error), 'error');
  }
}

function renderQuirks({ quirks }: AdminHealthResponse): void {
  const u = ui();
  if (!quirks) {
    u.quirksSummary.textContent = 'Aucun flux lu pour l’instant.';
    u.quirks.replaceChildren();
    return;
  }
  u.quirksSummary.textContent =
    `Exécution du ${formatDateTime(quirks.startedAt)} : ${n(quirks.rejected)} enregistrement(s) illisible(s) écarté(s).` +
    (quirks.examplesFrom ? ' Exemples tirés des données publiées.' : '');
  u.quirks.replaceChildren(
    ...(quirks.flags.length
      ? quirks.flags.map((q) => {
          const { root, refs: r } = instantiate(u.quirkRow, {
            flag: HTMLElement,
            count: HTMLElement,
            examples: HTMLElement,
          });
          r.flag.title = q.flag;
          r.flag.textContent = FLAG[q.flag] ?? q.flag;
          r.count.textContent = n(q.count);
          r.examples.append(...q.examples.flatMap((id, i) => [...(i > 0 ? [' '] : []), stationLink(id)]));
          return root;
        })
      : [instantiate(u.quirksEmpty, {}).root]),
  );
}

function stationLink(id: string): HTMLElement {
  const { root } = instantiate(ui().stationLink, {});
  root.setAttribute('href', `/station/?id=${encodeURIComponent(id)}`);
  root.textContent = id;
  return root;
}

async function renderChart({ series }: AdminHealthResponse): Promise<void> {
  const { runsChart: element, runsChartSummary } = ui();
  const count = series.startedAt.length;
  const durations = series.durationMs.filter((v): v is number => v !== null);
  const longest = durations.length ? Math.max(...durations) : null;
  runsChartSummary.textContent = count
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
