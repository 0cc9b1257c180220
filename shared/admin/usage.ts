import type { AdminUsageResponse, Unavailable } from '../api/admin-types.ts';
import type { ProfileFacts } from '../db/usage.ts';
import { parisDay } from '../domain/time.ts';

/** A Cognito user as the usage figures see it. */
export interface UserFacts {
  sub: string | null;
  status: string | null;
  enabled: boolean;
  createdAt: string | null;
}

const SIGNUP_WEEKS = 12;
const TOP_STATIONS = 10;

const NO_EMAIL_LOG: Unavailable = {
  available: false,
  note: 'The alerts function does not record the emails it sends yet.',
};
const NO_REQUEST_COUNT: Unavailable = {
  available: false,
  note: 'No per-request counter is recorded: the API logs one line per request to CloudWatch only (docs/ADMIN.md).',
};

/**
 * The usage figures from the users (Cognito) and their profiles (favourite slots, alert switch). Pure; the
 * top stations have no labels yet (`withStationLabels`); `emailsPerDay`/`requestsPerDay` are passed when
 * something records them.
 */
export function buildUsage(input: {
  users: readonly UserFacts[];
  truncated: boolean;
  profiles: ReadonlyMap<string, ProfileFacts>;
  now: Date;
  emailsPerDay?: { day: string; count: number }[];
  requestsPerDay?: { day: string; count: number }[];
}): AdminUsageResponse {
  const { users, profiles } = input;
  const followers = new Map<string, number>();
  let usersWithFavourites = 0;
  let total = 0;
  let alerts = 0;
  for (const user of users) {
    const profile = user.sub ? profiles.get(user.sub) : undefined;
    if (!profile) continue;
    if (profile.alertsEnabled) alerts++;
    if (profile.favIds.length === 0) continue;
    usersWithFavourites++;
    total += profile.favIds.length;
    for (const id of profile.favIds) followers.set(id, (followers.get(id) ?? 0) + 1);
  }
  return {
    computedAt: input.now.toISOString(),
    users: {
      total: users.length,
      enabled: users.filter((u) => u.enabled).length,
      confirmed: users.filter((u) => u.status !== null && u.status !== 'UNCONFIRMED').length,
      truncated: input.truncated,
      signUpsPerWeek: signUpsPerWeek(users, input.now),
    },
    favourites: {
      usersWithFavourites,
      total,
      topStations: topStations(followers).map((s) => ({
        ...s,
        name: null,
        brand: null,
        town: null,
        address: null,
      })),
    },
    alerts: { configured: alerts, emailsPerDay: input.emailsPerDay ?? NO_EMAIL_LOG },
    apiRequestsPerDay: input.requestsPerDay ?? NO_REQUEST_COUNT,
  };
}

/** The usage with the top stations' OSM name, brand, town and address (from the station items), when known. */
export function withStationLabels(
  usage: AdminUsageResponse,
  stations: ReadonlyMap<
    string,
    { name?: string | null; brand?: string | null; town: string; address: string }
  >,
): AdminUsageResponse {
  const topStations = usage.favourites.topStations.map((s) => {
    const station = stations.get(s.stationId);
    return {
      ...s,
      name: station?.name || null,
      brand: station?.brand || null,
      town: station?.town || null,
      address: station?.address || null,
    };
  });
  return { ...usage, favourites: { ...usage.favourites, topStations } };
}

/** The most followed stations, most followers first, then by id. */
export function topStations(
  followers: ReadonlyMap<string, number>,
  max = TOP_STATIONS,
): { stationId: string; followers: number }[] {
  return [...followers]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, max)
    .map(([stationId, n]) => ({ stationId, followers: n }));
}

/** Sign-ups per week (Monday of the Paris date of sign-up), the last `weeks` weeks, oldest first. */
export function signUpsPerWeek(
  users: readonly Pick<UserFacts, 'createdAt'>[],
  now: Date,
  weeks = SIGNUP_WEEKS,
): { week: string; count: number }[] {
  const current = mondayOf(parisDay(now));
  const out = Array.from({ length: weeks }, (_, i) => ({
    week: addDays(current, -7 * (weeks - 1 - i)),
    count: 0,
  }));
  const index = new Map(out.map((w, i) => [w.week, i]));
  for (const u of users) {
    const at = u.createdAt ? Date.parse(u.createdAt) : Number.NaN;
    if (Number.isNaN(at)) continue;
    const i = index.get(mondayOf(parisDay(at)));
    const row = i === undefined ? undefined : out[i];
    if (row) row.count++;
  }
  return out;
}

/** The Monday of the week of a `YYYY-MM-DD` date. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return addDays(day, -sinceMonday);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
