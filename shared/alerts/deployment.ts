/**
 * Whether this deployment sends alert emails at all (docs/ALERTS.md, "Deployment"). In AWS only with
 * `-c sesFromEmail` (infra/aws/alerts.ts sets the variable on the alert routes and config.json carries the
 * same flag for the site); locally on, through aws-ses-v2-local, unless `ALERTS_ENABLED=false`.
 */
import type { AlertRule } from '../api/alert-types.ts';
import { type AlertsUpdateInput, normalizeRules } from './rules.ts';

export const ALERTS_ENABLED_ENV = 'ALERTS_ENABLED';

/** Off unless the deployment says `true`: a function that was not told never claims to send. */
export function alertsEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env[ALERTS_ENABLED_ENV] === 'true';
}

/**
 * While alerts are off, PUT /api/me/alerts may only take away: no new or changed rule, no turning alerts or
 * the digest on (rules saved before stay, inert, and can be removed). Returns the first field that would
 * add something, or null when the update only keeps or removes.
 */
export function addsWhileOff(update: AlertsUpdateInput, stored: readonly AlertRule[]): string | null {
  if (update.enabled === true) return 'enabled';
  if (update.digest === true) return 'digest';
  const kept = new Map(stored.map((r) => [r.id, JSON.stringify(r)]));
  const i = update.rules.findIndex((r) => !r.id || kept.get(r.id) !== JSON.stringify(normalizeRules([r])[0]));
  return i >= 0 ? `rules.${i}` : null;
}
