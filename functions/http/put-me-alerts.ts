import createError from 'http-errors';
import { addsWhileOff, alertsEnabled } from '#shared/alerts/deployment.ts';
import { normalizeRules } from '#shared/alerts/rules.ts';
import { alertsView } from '#shared/alerts/view.ts';
import { alertsBody, alertsResponse } from '#shared/api/alert-schemas.ts';
import { getAlertSettings, saveAlertSettings } from '#shared/db/alert-settings.ts';
import { getProfile, saveProfile } from '#shared/db/profiles.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

const available = alertsEnabled();

/**
 * PUT /api/me/alerts — replaces the caller's rules (at most 10), and sets the digest opt-in and the alert
 * preferences when sent. Invalid input is a 400 naming the field (`rules.0.maxPrice`, `rules` for the 11th…).
 * On a deployment without alerts, a 409 `alerts_off` for anything that would add a rule or turn them on.
 */
export const handler = httpHandler(
  'PUT /api/me/alerts',
  {
    body: alertsBody,
    response: alertsResponse,
    errors: [409],
    summary: 'Replace the caller’s price alert rules; set digest and alert preferences',
  },
  async ({ caller, body }) => {
    const now = new Date();
    const [profile, current] = await Promise.all([
      getProfile(table, caller.sub),
      getAlertSettings(table, caller.sub),
    ]);
    const adds = available ? null : addsWhileOff(body, current.rules);
    if (adds)
      throw createError(409, 'Price alerts are not available on this deployment: nothing would be sent', {
        code: 'alerts_off',
        field: adds,
      });
    const settings = await saveAlertSettings(
      table,
      caller.sub,
      { rules: normalizeRules(body.rules), digest: body.digest ?? current.digest },
      now,
    );
    // Only the preferences sent: saveProfile merges them into the stored ones in the same write.
    const alerts = defined({ enabled: body.enabled, dailyCap: body.dailyCap });
    const saved =
      Object.keys(alerts).length === 0 ? profile : await saveProfile(table, caller.sub, { alerts }, now);
    return alertsView(saved, settings, available);
  },
);

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
