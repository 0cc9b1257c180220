import type { AlertRule } from '../api/alert-types.ts';
import { mapLimit } from '../concurrency.ts';
import { getProfilesMany, queryCellRules } from '../db/alert-delivery.ts';
import { type AlertSettings, getAlertSettingsMany } from '../db/alert-settings.ts';
import { listFavourites, listFollowers } from '../db/favourites.ts';
import { keys } from '../db/keys.ts';
import { cellOf } from './cells.ts';
import type { PriceChangeRecord } from './changes.ts';
import type { MailRunDeps } from './mailer.ts';
import {
  changeKey,
  isAlertableChange,
  matchRule,
  needsAllFavourites,
  type RuleMatch,
  type World,
} from './match.ts';

/**
 * The steps of an evaluation that find who a run concerns, without scanning users (docs/ALERTS.md,
 * "The steps of an evaluation"): find followers → load rules → match.
 */

type Deps = Pick<MailRunDeps, 'table'>;

/** The run as the evaluation sees it: the snapshot's stations and the changed prices that can alert. */
export interface RunView {
  world: World;
  alertable: PriceChangeRecord[];
}

export interface Followers {
  stationIds: string[];
  /** sub → the changed stations it follows. */
  followed: Map<string, Set<string>>;
  /** The alert settings of those followers (more are read for users found through cells). */
  settings: Map<string, AlertSettings>;
}

/** Step "find followers": who follows a station whose price went down (GSI1 `FAVSTATION#`), and their settings. */
export async function findFollowers(deps: Deps, run: RunView, readLimit: number): Promise<Followers> {
  const stationIds = [...new Set(run.alertable.map((c) => c.s))];
  const followed = new Map<string, Set<string>>();
  await mapLimit(stationIds, readLimit, async (id) => {
    for (const sub of await listFollowers(deps.table, id)) {
      const set = followed.get(sub) ?? new Set<string>();
      set.add(id);
      followed.set(sub, set);
    }
  });
  const settings = await getAlertSettingsMany(deps.table, followed.keys());
  return { stationIds, followed, settings };
}

export interface Candidate {
  rule: AlertRule;
  /** Set for rules found through the cell index: must equal the settings' rev (else stale). */
  rev: string | null;
}

export interface Rules {
  /** sub → rule id → the rule, once per user and rule. */
  candidates: Map<string, Map<string, Candidate>>;
  cellQueries: number;
  cellRules: number;
}

/**
 * Step "load rules": the followers' favourite-scope rules this run concerns, and the place rules registered
 * in the cells of changed stations that may match there (GSI1 `ALERTCELL#`).
 */
export async function loadRules(
  deps: Deps,
  run: RunView,
  followers: Followers,
  readLimit: number,
): Promise<Rules> {
  const { world } = run;
  const cellQueries = cellRanges(world, run.alertable);
  const fromCells = (
    await mapLimit(cellQueries, readLimit, (q) => queryCellRules(deps.table, q.partition, q.from, q.to))
  ).flat();

  const candidates = new Map<string, Map<string, Candidate>>();
  const add = (sub: string, c: Candidate) => {
    const m = candidates.get(sub) ?? new Map<string, Candidate>();
    if (!m.has(c.rule.id)) m.set(c.rule.id, c);
    candidates.set(sub, m);
  };
  for (const [sub, s] of followers.settings)
    for (const rule of s.rules)
      if (rule.scope.kind === 'favourites' && concerns(world, rule, followers.followed.get(sub)))
        add(sub, { rule, rev: null });
  for (const r of fromCells) add(r.sub, { rule: r.rule, rev: r.rev });
  return { candidates, cellQueries: cellQueries.length, cellRules: fromCells.length };
}

export interface Matches {
  /** sub → the lines that matched, for users with alerts on and current rules only. */
  bySub: Map<string, RuleMatch[]>;
  profiles: Awaited<ReturnType<typeof getProfilesMany>>;
  /** Users with a match whose alerts are switched off. */
  disabled: number;
}

/**
 * Step "match": evaluates each candidate rule against the snapshot (a drop rule over favourites needs all of
 * them: the cheapest is over the whole list), then keeps what the settings still hold (stale revs from the
 * index) for users whose alerts are on.
 */
export async function match(
  deps: Deps,
  run: RunView,
  followers: Followers,
  rules: Rules,
  readLimit: number,
): Promise<Matches> {
  const { table } = deps;
  const { followed, settings } = followers;
  const matches = new Map<string, RuleMatch[]>();
  await mapLimit([...rules.candidates], readLimit, async ([sub, userRules]) => {
    let favourites: string[] | null = null;
    const found: RuleMatch[] = [];
    for (const { rule } of userRules.values()) {
      let scopeIds: readonly string[] = [];
      if (rule.scope.kind === 'favourites') {
        if (needsAllFavourites(rule)) {
          favourites ??= (await listFavourites(table, sub)).map((f) => f.stationId);
          scopeIds = favourites;
        } else scopeIds = [...(followed.get(sub) ?? [])];
      }
      found.push(...matchRule(run.world, rule, scopeIds));
    }
    if (found.length > 0) matches.set(sub, found);
  });

  // What came from the index is checked against the settings (stale revs), and the user's preferences.
  const missing = [...matches.keys()].filter((sub) => !settings.has(sub));
  const [more, profiles] = await Promise.all([
    getAlertSettingsMany(table, missing),
    getProfilesMany(table, matches.keys()),
  ]);
  for (const [sub, s] of more) settings.set(sub, s);
  let disabled = 0;
  for (const [sub, found] of matches) {
    const s = settings.get(sub);
    const profile = profiles.get(sub);
    const valid = found.filter((m) => isCurrent(rules.candidates.get(sub)?.get(m.ruleId), s));
    if (!profile?.alerts.enabled || valid.length === 0) {
      if (valid.length > 0) disabled++;
      matches.delete(sub);
    } else matches.set(sub, valid);
  }
  return { bySub: matches, profiles, disabled };
}

/** Does a favourite-scope rule concern this run: an alertable change of its fuel at a station the user follows? */
function concerns(world: World, rule: AlertRule, followedChanged: ReadonlySet<string> | undefined): boolean {
  if (!followedChanged) return false;
  for (const id of followedChanged) {
    const c = world.changes.get(changeKey(id, rule.fuel));
    if (c && isAlertableChange(world, c)) return true;
  }
  return false;
}

function isCurrent(candidate: Candidate | undefined, settings: AlertSettings | undefined): boolean {
  if (!candidate || !settings) return false;
  if (candidate.rev === null) return true; // read from the settings themselves
  return settings.rev === candidate.rev && settings.rules.some((r) => r.id === candidate.rule.id);
}

export interface CellQuery {
  partition: string;
  from: string;
  to: string;
}

/**
 * One or two range queries per (fuel, cell) with alertable changes: threshold rules whose price is at least
 * the cell's lowest changed price, and drop-only rules whose cents are at most the cell's largest drop.
 */
export function cellRanges(world: World, alertable: readonly PriceChangeRecord[]): CellQuery[] {
  const cells = new Map<string, { min: number; maxDrop: number }>();
  for (const c of alertable) {
    const s = world.byId.get(c.s);
    if (!s || s.lat === null || s.lon === null) continue;
    const partition = keys.alertCellPk(c.f, cellOf(s.lat, s.lon));
    const cell = cells.get(partition) ?? { min: Number.POSITIVE_INFINITY, maxDrop: 0 };
    cell.min = Math.min(cell.min, c.p);
    // A new price has no previous one: the area's cheapest may still have dropped by any amount.
    cell.maxDrop = Math.max(cell.maxDrop, c.prev === null ? Number.POSITIVE_INFINITY : c.prev - c.p);
    cells.set(partition, cell);
  }
  const out: CellQuery[] = [];
  for (const [partition, { min, maxDrop }] of cells) {
    out.push({
      partition,
      from: `T${String(Math.floor(min * 1000 + 1e-6)).padStart(5, '0')}`,
      to: 'T99999~',
    });
    const cents = Math.floor(maxDrop * 100 + 1e-6);
    if (cents >= 1)
      out.push({ partition, from: 'D000', to: `D${String(Math.min(cents, 999)).padStart(3, '0')}~` });
  }
  return out;
}
