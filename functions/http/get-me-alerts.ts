import { alertsEnabled } from '#shared/alerts/deployment.ts';
import { alertsView } from '#shared/alerts/view.ts';
import { alertsResponse } from '#shared/api/alert-schemas.ts';
import { getAlertSettings } from '#shared/db/alert-settings.ts';
import { getProfile } from '#shared/db/profiles.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

const available = alertsEnabled();

/** GET /api/me/alerts — the caller's alert rules, digest opt-in and alert preferences (docs/ALERTS.md). */
export const handler = httpHandler(
  'GET /api/me/alerts',
  {
    response: alertsResponse,
    summary: 'Price alert rules, weekly digest and alert email preferences of the caller',
  },
  async ({ caller }) => {
    const [profile, settings] = await Promise.all([
      getProfile(table, caller.sub),
      getAlertSettings(table, caller.sub),
    ]);
    return alertsView(profile, settings, available);
  },
);
