import { describe, expect, test } from 'vitest';
import { buildUsage, mondayOf, signUpsPerWeek, topStations, withStationLabels } from '#shared/admin/usage.ts';
import type { ProfileFacts } from '#shared/db/usage.ts';

const now = new Date('2025-07-30T10:00:00.000Z'); // a Wednesday

describe('sign-ups per week', () => {
  test('weeks start on Monday', () => {
    expect(mondayOf('2025-07-30')).toBe('2025-07-28');
    expect(mondayOf('2025-07-28')).toBe('2025-07-28');
    expect(mondayOf('2025-08-03')).toBe('2025-07-28'); // Sunday
    expect(mondayOf('2025-01-01')).toBe('2024-12-30'); // across a year
  });

  test('12 weeks, oldest first, empty ones included; Paris dates decide the week', () => {
    const weeks = signUpsPerWeek(
      [
        { createdAt: '2025-07-28T08:00:00.000Z' },
        // Sunday 27 July 22:30 UTC is Monday 28 July 00:30 in Paris: this week.
        { createdAt: '2025-07-27T22:30:00.000Z' },
        // Sunday 27 July 21:30 UTC is still Sunday in Paris: last week.
        { createdAt: '2025-07-27T21:30:00.000Z' },
        { createdAt: '2020-01-01T00:00:00.000Z' }, // too old: not shown
        { createdAt: null },
      ],
      now,
    );
    expect(weeks).toHaveLength(12);
    expect(weeks[0]?.week).toBe('2025-05-12');
    expect(weeks.at(-1)).toEqual({ week: '2025-07-28', count: 2 });
    expect(weeks.at(-2)).toEqual({ week: '2025-07-21', count: 1 });
    expect(weeks.reduce((n, w) => n + w.count, 0)).toBe(3);
  });
});

describe('buildUsage', () => {
  const profiles = new Map<string, ProfileFacts>([
    ['a', { favIds: ['111', '222'], alertsEnabled: true }],
    ['b', { favIds: ['111'], alertsEnabled: false }],
    ['c', { favIds: [], alertsEnabled: true }],
    ['gone', { favIds: ['999'], alertsEnabled: true }], // a profile without a Cognito user: not counted
  ]);
  const users = [
    { sub: 'a', status: 'CONFIRMED', enabled: true, createdAt: '2025-07-29T10:00:00.000Z' },
    { sub: 'b', status: 'CONFIRMED', enabled: false, createdAt: '2025-07-01T10:00:00.000Z' },
    { sub: 'c', status: 'UNCONFIRMED', enabled: true, createdAt: '2025-07-29T11:00:00.000Z' },
    { sub: 'd', status: 'RESET_REQUIRED', enabled: true, createdAt: null },
  ];

  test('users, favourites, followers, alerts; what nothing records yet is marked unavailable', () => {
    const u = buildUsage({ users, truncated: false, profiles, now });
    expect(u.users).toMatchObject({ total: 4, enabled: 3, confirmed: 3, truncated: false });
    expect(u.favourites).toEqual({
      usersWithFavourites: 2,
      total: 3,
      topStations: [
        { stationId: '111', followers: 2, name: null, brand: null, town: null, address: null },
        { stationId: '222', followers: 1, name: null, brand: null, town: null, address: null },
      ],
    });
    expect(u.alerts.configured).toBe(2);
    expect(u.alerts.emailsPerDay).toEqual({
      available: false,
      note: 'The alerts function does not record the emails it sends yet.',
    });
    expect(u.apiRequestsPerDay).toMatchObject({ available: false });
    const labelled = withStationLabels(
      u,
      new Map([['111', { name: null, brand: 'E.Leclerc', town: 'Lyon', address: '1 rue A' }]]),
    );
    expect(labelled.favourites.topStations[0]).toEqual({
      stationId: '111',
      followers: 2,
      name: null,
      brand: 'E.Leclerc',
      town: 'Lyon',
      address: '1 rue A',
    });
    expect(labelled.favourites.topStations[1]?.town).toBeNull();
  });

  test('figures recorded elsewhere are passed through', () => {
    const emails = [{ day: '2025-07-30', count: 4 }];
    expect(
      buildUsage({ users, truncated: true, profiles, now, emailsPerDay: emails }).alerts.emailsPerDay,
    ).toBe(emails);
  });

  test('top stations: at most 10, most followers first, ties by id', () => {
    const followers = new Map(
      Array.from({ length: 15 }, (_, i) => [String(100 + i), i % 3] as [string, number]),
    );
    const top = topStations(followers);
    expect(top).toHaveLength(10);
    expect(top.slice(0, 3)).toEqual([
      { stationId: '102', followers: 2 },
      { stationId: '105', followers: 2 },
      { stationId: '108', followers: 2 },
    ]);
  });
});
