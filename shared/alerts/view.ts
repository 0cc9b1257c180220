import type { AlertsResponse } from '../api/alert-types.ts';
import type { AlertSettings } from '../db/alert-settings.ts';
import type { Profile } from '../db/profiles.ts';
import { ALERT_LIMITS } from './rules.ts';

/** GET/PUT /api/me/alerts: the rules and digest flag (alert settings item) with the profile's preferences. */
export function alertsView(profile: Profile, settings: AlertSettings, available: boolean): AlertsResponse {
  return {
    available,
    enabled: profile.alerts.enabled,
    dailyCap: profile.alerts.dailyCap,
    digest: settings.digest,
    rules: settings.rules,
    updatedAt: settings.updatedAt,
    limits: ALERT_LIMITS,
  };
}
