import { parisDay } from '#shared/domain/time.ts';
import { BACKFILL } from '#shared/platform.ts';
import { ApiError, apiMessage } from '../../lib/api.ts';
import { busy, instantiate, refs, show } from '../../lib/dom.ts';
import { formatDateTime } from '../../lib/format.ts';
import { clear, fail } from '../../lib/pages/form-helpers.ts';
import {
  type AdminBackfillExecution,
  type AdminBackfillResponse,
  type AdminBackfillYear,
  getAdminBackfill,
  postAdminBackfill,
} from './api.ts';
import { backfillErrorText, n } from './labels.ts';

/** The current year in Paris: the newest archive there is. */
const parisYear = () => Number(parisDay(new Date()).slice(0, 4));

/** How often the page asks again while an execution runs: a failed year ends in seconds, a loaded one in minutes. */
const POLL_MS = 3000;

const BUSY = 'Un chargement est déjà en cours : attendez qu’il se termine avant d’en lancer un autre.';

let timer: ReturnType<typeof setTimeout> | undefined;
/** The execution the page last saw running: when it is gone, the page says how it ended. */
let following: AdminBackfillExecution | null = null;
let onFinished: () => void = () => {};

/** BackfillSection.astro's elements. */
const ui = () =>
  refs(document, {
    backfillRefresh: HTMLButtonElement,
    backfillRunning: HTMLElement,
    backfillForm: HTMLFormElement,
    backfillFrom: HTMLInputElement,
    backfillTo: HTMLInputElement,
    backfillMsg: HTMLElement,
    backfillYears: HTMLTableSectionElement,
    backfillRow: HTMLTemplateElement,
  });

/** The form and the refresh button; `onChange` runs after a start and when an execution ends (the audit list). */
export function initBackfill(onChange: () => void): void {
  onFinished = onChange;
  const u = ui();
  // The markup has the build's year; the page's own clock decides the current one.
  const last = String(parisYear());
  for (const input of [u.backfillFrom, u.backfillTo]) input.max = last;
  u.backfillTo.value = last;
  const report = (error: unknown) => show(u.backfillRunning, apiMessage(error), 'error');
  u.backfillRefresh.addEventListener('click', () => loadBackfill().catch(report));
  u.backfillForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const range = readRange(u);
    if (!range) return;
    void busy(u.backfillForm, async () => {
      try {
        const { execution } = await postAdminBackfill(range.from, range.to);
        show(u.backfillMsg, `Chargement lancé : ${yearsText(execution.years)}.`, 'info');
        onChange();
      } catch (error) {
        const running = error instanceof ApiError && error.status === 409;
        show(u.backfillMsg, running ? BUSY : apiMessage(error), running ? 'warn' : 'error');
        if (!running) return;
      }
      await loadBackfill().catch(report);
    });
  });
}

/** The years and the running execution; while one runs, asks again every POLL_MS until it has ended. */
export async function loadBackfill(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  const state = await getAdminBackfill();
  const u = ui();
  render(u, state);
  if (state.running) {
    following = state.running;
    show(u.backfillRunning, runningText(state.running), 'info');
    timer = setTimeout(() => {
      loadBackfill().catch((error: unknown) => {
        // Stops here (an expired session would fail every time); "Actualiser" follows it again.
        show(u.backfillRunning, `Suivi du chargement interrompu : ${apiMessage(error)}`, 'error');
      });
    }, POLL_MS);
  } else if (following) {
    const { text, failed } = endText(state, following);
    following = null;
    show(u.backfillRunning, text, failed ? 'warn' : 'ok');
    show(u.backfillMsg, null); // "lancé" or the 409: about the execution that has just ended
    onFinished();
  } else show(u.backfillRunning, null);
}

/** `from` and `to` as typed, checked as the API checks them (a year of the archives, from ≤ to). */
function readRange(u: ReturnType<typeof ui>): { from: number; to: number } | null {
  clear(u.backfillMsg, u.backfillFrom, u.backfillTo);
  const first = BACKFILL.firstYear;
  const last = parisYear();
  const year = (input: HTMLInputElement) => (/^\d{4}$/.test(input.value.trim()) ? Number(input.value) : NaN);
  const from = year(u.backfillFrom);
  const to = year(u.backfillTo);
  const bounds = `une année de ${first} à ${last}`;
  const inRange = (y: number) => y >= first && y <= last;
  if (!inRange(from)) fail(u.backfillMsg, `Année de début : indiquez ${bounds}.`, u.backfillFrom);
  else if (!inRange(to)) fail(u.backfillMsg, `Année de fin : indiquez ${bounds}.`, u.backfillTo);
  else if (from > to)
    fail(
      u.backfillMsg,
      `L’année de début (${from}) doit être antérieure ou égale à l’année de fin (${to}).`,
      u.backfillTo,
    );
  else return { from, to };
  return null;
}

function render(u: ReturnType<typeof ui>, state: AdminBackfillResponse): void {
  u.backfillYears.replaceChildren(...state.years.map((y) => row(u.backfillRow, y, state.running)));
}

function row(template: HTMLTemplateElement, y: AdminBackfillYear, running: AdminBackfillExecution | null) {
  const { root, refs: r } = instantiate(template, {
    year: HTMLElement,
    state: HTMLElement,
    detail: HTMLElement,
    stations: HTMLElement,
    changes: HTMLElement,
    sha: HTMLElement,
  });
  const [label, badge, detail] = yearState(y, running);
  r.year.textContent = String(y.year);
  r.state.textContent = label;
  r.state.classList.add(badge);
  r.detail.textContent = detail;
  // What the history serves: the committed pointer, whatever the last run did.
  r.stations.textContent = n(y.committed?.stations);
  r.changes.textContent = n(y.committed?.changes);
  const sha = y.committed?.sourceSha256;
  r.sha.textContent = sha ? sha.slice(0, 12) : '—';
  if (sha) r.sha.title = sha;
  return root;
}

/** The year's state in words: [label, badge class, detail]. */
function yearState(
  y: AdminBackfillYear,
  running: AdminBackfillExecution | null,
): [label: string, badge: string, detail: string] {
  const { run, committed } = y;
  const kept = committed
    ? ` L’historique chargé le ${formatDateTime(committed.committedAt)} reste servi.`
    : '';
  if (run?.status === 'running')
    return running
      ? ['En cours', 'badge-stale', `depuis le ${formatDateTime(run.startedAt)}`]
      : [
          'Interrompue',
          'badge-closed',
          `commencée le ${formatDateTime(run.startedAt)}, sans fin connue.${kept}`,
        ];
  // A year of the running execution that has not started yet (its run item is older than the execution).
  if (running?.years?.includes(y.year) && !(run && run.startedAt >= running.startDate))
    return ['En attente', 'badge-stale', 'dans le chargement en cours'];
  if (run?.status === 'failed')
    return [
      'Échec',
      'badge-closed',
      sentence(run.error ? backfillErrorText(run.error) : 'raison inconnue') + kept,
    ];
  if (committed) {
    const checked =
      run?.outcome === 'unchanged' && run.finishedAt
        ? ` (fichier identique revérifié le ${formatDateTime(run.finishedAt)})`
        : '';
    return ['Chargée', 'badge-open', `le ${formatDateTime(committed.committedAt)}${checked}`];
  }
  return ['Jamais chargée', 'badge-muted', ''];
}

/** Ends the text with a full stop unless it has one (the API's messages may). */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function yearsText(years: number[] | null): string {
  if (!years?.length) return 'années inconnues';
  const first = years[0] as number;
  const last = years[years.length - 1] as number;
  return years.length === 1 ? `année ${first}` : `années ${first} à ${last}`;
}

function runningText(e: AdminBackfillExecution): string {
  return `Chargement en cours (${yearsText(e.years)}), lancé le ${formatDateTime(e.startDate)}. Cette section se met à jour toutes les ${POLL_MS / 1000} secondes.`;
}

/** How the execution the page followed ended, from its years' runs. */
function endText(state: AdminBackfillResponse, e: AdminBackfillExecution): { text: string; failed: boolean } {
  const runs = state.years.filter(
    (y) => (e.years ?? []).includes(y.year) && y.run && y.run.startedAt >= e.startDate,
  );
  const failed = runs.filter((y) => y.run?.status === 'failed').map((y) => y.year);
  const loaded = runs.length - failed.length;
  const parts = [`${loaded} année${loaded > 1 ? 's' : ''} chargée${loaded > 1 ? 's' : ''}`];
  if (failed.length) parts.push(`${failed.length} en échec (${failed.join(', ')})`);
  return {
    text: `Chargement terminé (${yearsText(e.years)}) : ${parts.join(', ')}.`,
    failed: failed.length > 0,
  };
}
