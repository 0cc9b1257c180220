/**
 * The keys of the price-alert items (issue 8, docs/ALERTS.md), beside keys.ts (which holds the rest and the
 * alert state `ALERT#<stationId>#<fuel>`). Every alert item of a user lives under `USER#<sub>`, so erasing
 * an account (shared/db/users.ts) removes them with the rest.
 */
import { keys } from './keys.ts';

export const alertKeys = {
  /** The user's alert rules and digest opt-in (GSI1PK `DIGEST` / GSI1SK `USER#<sub>` while opted in). */
  settings: (sub: string) => ({ PK: keys.userPk(sub), SK: 'ALERTS' }),
  /** One place-scope rule registered in one grid cell (GSI1PK `ALERTCELL#<fuel>#<cell>`). */
  index: (sub: string, ruleId: string, cell: string) => ({
    PK: keys.userPk(sub),
    SK: `${INDEX_SK}${ruleId}#${cell}`,
  }),
  /** Alert emails sent to the user on one Paris day, and for which runs (daily cap; one email per run). */
  day: (sub: string, day: string) => ({ PK: keys.userPk(sub), SK: `ALERTDAY#${day}` }),
  /** Last notified price of a station × fuel for the user (keys.ts). */
  state: keys.alertState,
  /** What one evaluation of an ingest run did (counts only). */
  run: (runId: string) => ({ PK: 'ALERTRUN', SK: runId }),
  /** The random HMAC secret of unsubscribe links, created once with a conditional put. */
  secret: { PK: 'META', SK: 'ALERTS_SECRET' },
  /** Progress of one week's digest (a cursor over the DIGEST index partition). */
  digestState: (week: string) => ({ PK: `DIGEST#${week}`, SK: 'STATE' }),
  /** GSI1 partitions. */
  digestPk: 'DIGEST',
  cellPk: (fuel: string, cell: string) => `ALERTCELL#${fuel}#${cell}`,
} as const;

export const INDEX_SK = 'ALERTIDX#';
