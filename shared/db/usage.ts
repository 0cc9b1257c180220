import { batchGetItems } from './batch-get.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/** What the usage figures need from a profile: its favourite slots and whether alerts are on. */
export interface ProfileFacts {
  /** The favourite station ids (the profile's `favIds` slots: shared/db/favourites.ts). */
  favIds: string[];
  alertsEnabled: boolean;
}

/**
 * The profile facts of these users, by sub: one BatchGetItem per 100 users (./batch-get.ts), projected on
 * `favIds` and `alerts` (≤ 0.5 RCU per profile). Users without a profile item are absent from the map.
 */
export async function readProfileFacts(
  table: Table,
  subs: readonly string[],
): Promise<Map<string, ProfileFacts>> {
  const items = await batchGetItems(
    table,
    subs.map((s) => keys.profile(s)),
    { projection: ['favIds', 'alerts'] },
  );
  const out = new Map<string, ProfileFacts>();
  for (const item of items) {
    const sub = keys.subOf(item.PK);
    const ids = item.favIds instanceof Set ? [...(item.favIds as Set<string>)] : [];
    const alerts = item.alerts as { enabled?: unknown } | undefined;
    out.set(sub, { favIds: ids.map(String).sort(), alertsEnabled: alerts?.enabled === true });
  }
  return out;
}
