import { ApiError, apiMessage } from '../../lib/api.ts';
import { hasSession } from '../../lib/auth.ts';
import { byId, show } from '../../lib/dom.ts';
import { initAudit, loadAudit } from './audit.ts';
import { loadHealth } from './health.ts';
import { initIngest } from './ingest.ts';
import { loadUsage } from './usage.ts';
import { initUsers, search } from './users.ts';

/**
 * The admin console. The API enforces the admin group on every call; the page only shows what it answers
 * (a non-admin gets the API's 403 as a message, and the nav hides the link from them anyway).
 */
export async function initAdminConsole(): Promise<void> {
  if (!hasSession()) {
    byId('signin-prompt').hidden = false;
    return;
  }
  const msg = byId('admin-msg');
  show(msg, 'Chargement…', 'info');
  try {
    await loadHealth();
  } catch (error) {
    show(msg, apiMessage(error), error instanceof ApiError && error.status === 403 ? 'warn' : 'error');
    return;
  }
  show(msg, null);
  byId('console').hidden = false;

  const report = (error: unknown) => show(msg, apiMessage(error), 'error');
  const refreshActivity = () => {
    loadHealth().catch(report);
    loadAudit().catch(report);
  };
  byId('health-refresh').addEventListener('click', () => loadHealth().catch(report));
  byId('usage-refresh').addEventListener('click', () => loadUsage(true).catch(report));
  initIngest(refreshActivity);
  initUsers(() => loadAudit().catch(report));
  initAudit();
  await Promise.all([loadUsage().catch(report), loadAudit().catch(report), search(false)]);
}
