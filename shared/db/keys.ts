import { createHash } from 'node:crypto';

/**
 * The single table's keys, built here so item shapes are visible in one place (DESIGN.md). Not every one yet:
 * the GSI1 keys of favourites (favourites.ts) and runs (runs.ts) are still written inline.
 */
export const keys = {
  station: (id: string) => ({ PK: `STATION#${id}`, SK: 'META' }),
  history: (stationId: string, fuel: string, at: string) => ({ PK: `HIST#${stationId}#${fuel}`, SK: at }),
  historyPk: (stationId: string, fuel: string) => `HIST#${stationId}#${fuel}`,
  profile: (sub: string) => ({ PK: `USER#${sub}`, SK: 'PROFILE' }),
  favourite: (sub: string, stationId: string) => ({ PK: `USER#${sub}`, SK: `FAV#${stationId}` }),
  userPk: (sub: string) => `USER#${sub}`,
  /**
   * The erasure marker of an erased account (shared/db/users.ts): outside `USER#<sub>`, so neither the export
   * nor a re-run of the erase sees it, and keyed by a hash so it names no one to whoever scans the table.
   */
  erased: (sub: string) => ({
    PK: `ERASED#${createHash('sha256').update(sub).digest('base64url')}`,
    SK: 'ERASED',
  }),
  alertState: (sub: string, stationId: string, fuel: string) => ({
    PK: `USER#${sub}`,
    SK: `ALERT#${stationId}#${fuel}`,
  }),
  run: (startedAt: string) => ({ PK: 'RUN', SK: startedAt }),
  runPk: 'RUN',
  /** The pointer to the last published snapshot: flipped only when a run fully succeeded. */
  published: { PK: 'META', SK: 'PUBLISHED' },
  /** A per-deployment secret (shared/db/secrets.ts), one partition each so IAM can grant its creation alone. */
  secret: (name: 'cursor') => ({ PK: `SECRET#${name}`, SK: 'SECRET' }),
  lock: (name: string) => ({ PK: `LOCK#${name}`, SK: 'LOCK' }),
  dailyStats: (day: string, dept: string, fuel: string) => ({ PK: `STATS#${day}`, SK: `${dept}#${fuel}` }),
  /** One admin action (docs/ADMIN.md): newest last in the partition, read newest first. */
  audit: (at: string, id: string) => ({ PK: 'AUDIT', SK: `${at}#${id}` }),
  auditPk: 'AUDIT',
} as const;
