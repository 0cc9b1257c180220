import { apiMessage } from '../../lib/api.ts';
import { busy, refs, show } from '../../lib/dom.ts';
import { getAdminHealth, postAdminIngest } from './api.ts';
import { RUN_STATUS } from './labels.ts';

/** How long the page follows a triggered run (the Lambda times out well before). */
const FOLLOW_MS = 5 * 60_000;

/** The trigger form: POST, then follow the runs until a new one has finished, and refresh the page's data. */
export function initIngest(onDone: () => void): void {
  const {
    ingestForm: form,
    ingestForce,
    ingestMsg: msg,
  } = refs(document, { ingestForm: HTMLFormElement, ingestForce: HTMLInputElement, ingestMsg: HTMLElement });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const force = ingestForce.checked;
    void busy(form, async () => {
      try {
        const before = new Set((await getAdminHealth()).runs.map((r) => r.runId));
        await postAdminIngest(force);
        show(msg, `Ingestion${force ? ' forcée' : ''} lancée : elle apparaîtra dans les exécutions.`, 'info');
        const run = await follow(before);
        if (run) {
          const [label] = RUN_STATUS[run.status] ?? [run.status];
          show(msg, `Ingestion terminée : ${label.toLowerCase()}.`, run.status === 'failed' ? 'warn' : 'ok');
        } else show(msg, 'L’ingestion continue : actualisez la santé des données dans un moment.', 'info');
        onDone();
      } catch (error) {
        show(msg, apiMessage(error), 'error');
      }
    });
  });
}

async function follow(before: Set<string>) {
  const until = Date.now() + FOLLOW_MS;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 2000));
    const run = (await getAdminHealth()).runs.find((r) => !before.has(r.runId));
    if (run && run.status !== 'running') return run;
  }
  return null;
}
