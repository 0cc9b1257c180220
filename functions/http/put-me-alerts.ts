import { alertsUpdateSchema, normalizeRules } from '#shared/alerts/rules.ts';
import { alertsView } from '#shared/alerts/view.ts';
import type { AlertsResponse } from '#shared/api/alert-types.ts';
import { getAlertSettings, saveAlertSettings } from '#shared/db/alert-settings.ts';
import { getProfile, saveProfile } from '#shared/db/profiles.ts';
import { httpHandler } from './middleware.ts';
import { db, tableName } from './table.ts';

/**
 * PUT /api/me/alerts — replaces the caller's rules (at most 10), and sets the digest opt-in and the alert
 * preferences when sent. Invalid input is a 400 naming the field (`rules.0.maxPrice`, `rules` for the 11th…).
 */
export const handler = httpHandler(
  'PUT /api/me/alerts',
  {
    body: alertsUpdateSchema,
    summary: 'Replace the caller’s price alert rules; set digest and alert preferences',
  },
  async ({ caller, body }): Promise<AlertsResponse> => {
    const now = new Date();
    const [profile, current] = await Promise.all([
      getProfile(db, tableName, caller.sub),
      getAlertSettings(db, tableName, caller.sub),
    ]);
    const settings = await saveAlertSettings(
      db,
      tableName,
      caller.sub,
      { rules: normalizeRules(body.rules), digest: body.digest ?? current.digest },
      now,
    );
    const alerts = { ...profile.alerts, ...defined({ enabled: body.enabled, dailyCap: body.dailyCap }) };
    const saved =
      body.enabled === undefined && body.dailyCap === undefined
        ? profile
        : await saveProfile(db, tableName, caller.sub, { alerts }, now);
    return alertsView(saved, settings);
  },
);

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
