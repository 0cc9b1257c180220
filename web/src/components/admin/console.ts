import { ADMIN_GROUP } from '#shared/platform.ts';
import { ADMINS_ONLY, ApiError, apiMessage } from '../../lib/api.ts';
import { currentUser, hasSession } from '../../lib/auth.ts';
import { refs, show } from '../../lib/dom.ts';
import { initAudit, loadAudit } from './audit.ts';
import { initBackfill, loadBackfill } from './backfill.ts';
import { loadHealth as loadRuns } from './health.ts';
import { initIngest } from './ingest.ts';
import { renderNames } from './names.ts';
import { initReports, loadReports } from './reports.ts';
import { loadUsage } from './usage.ts';
import { initUsers, search } from './users.ts';

/** Data health and, from the same answer, the names coverage. */
async function loadHealth(): Promise<void> {
  renderNames(await loadRuns());
}

/**
 * The admin console. The API enforces the admin group on every call; the page only shows what it answers
 * (its JSON 403 reads "admins only": CloudFront passes API answers through unchanged, docs/DEPLOY.md).
 * A signed-in user outside the group is told so from the token's groups, without calling it.
 */
export async function initAdminConsole(): Promise<void> {
  const page = refs(document, {
    signinPrompt: HTMLElement,
    adminMsg: HTMLElement,
    console: HTMLElement,
    healthRefresh: HTMLButtonElement,
    usageRefresh: HTMLButtonElement,
  });
  if (!hasSession()) {
    page.signinPrompt.hidden = false;
    return;
  }
  const msg = page.adminMsg;
  const notAdmin = () => {
    const user = currentUser(); // null until a new tab's session is refreshed by the first call
    return user !== null && !user.groups.includes(ADMIN_GROUP);
  };
  if (notAdmin()) {
    show(msg, ADMINS_ONLY, 'warn');
    return;
  }
  show(msg, 'Chargement…', 'info');
  try {
    await loadHealth();
  } catch (error) {
    const denied = error instanceof ApiError && error.status === 403;
    show(msg, denied ? ADMINS_ONLY : apiMessage(error), denied ? 'warn' : 'error');
    return;
  }
  show(msg, null);
  page.console.hidden = false;

  const report = (error: unknown) => show(msg, apiMessage(error), 'error');
  const refreshActivity = () => {
    loadHealth().catch(report);
    loadAudit().catch(report);
  };
  page.healthRefresh.addEventListener('click', () => loadHealth().catch(report));
  page.usageRefresh.addEventListener('click', () => loadUsage(true).catch(report));
  initIngest(refreshActivity);
  initUsers(() => loadAudit().catch(report));
  initReports(() => loadAudit().catch(report));
  initBackfill(() => loadAudit().catch(report));
  initAudit();
  await Promise.all([
    loadUsage().catch(report),
    loadAudit().catch(report),
    loadBackfill().catch(report),
    search(false),
    loadReports(),
  ]);
}
