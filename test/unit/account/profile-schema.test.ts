import { describe, expect, test } from 'vitest';
import { profileUpdateSchema, stationIdSchema } from '#shared/domain/profile.ts';

function fieldOf(input: unknown): string | undefined {
  const res = profileUpdateSchema.safeParse(input);
  if (res.success) return undefined;
  const issue = res.error.issues[0];
  return issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
}

describe('PUT /api/me body', () => {
  test('valid values pass, trimmed; alerts as sent, no defaults filled in (they would overwrite)', () => {
    const res = profileUpdateSchema.parse({
      displayName: '  Zoé 🚗  ',
      fuels: ['Gazole', 'E10'],
      tankLitres: 5,
      consumptionL100: 30,
      yearlyKm: 0,
      alerts: { enabled: true },
    });
    expect(res).toEqual({
      displayName: 'Zoé 🚗',
      fuels: ['Gazole', 'E10'],
      tankLitres: 5,
      consumptionL100: 30,
      yearlyKm: 0,
      alerts: { enabled: true },
    });
    expect(profileUpdateSchema.parse({})).toEqual({});
  });

  test.each([
    [{ displayName: '' }, 'displayName'],
    [{ displayName: '   ' }, 'displayName'],
    [{ displayName: 'x'.repeat(51) }, 'displayName'],
    [{ displayName: 'Bob\u0000' }, 'displayName'],
    [{ displayName: 'Bob\nSmith' }, 'displayName'],
    [{ displayName: 'evil\u202Eexe' }, 'displayName'],
    [{ displayName: 42 }, 'displayName'],
    [{ fuels: ['Diesel'] }, 'fuels.0'],
    [{ fuels: ['Gazole', 'gazole'] }, 'fuels.1'],
    [{ fuels: ['Gazole', 'Gazole'] }, 'fuels'],
    [{ fuels: ['Gazole', 'SP95', 'E85', 'GPLc', 'E10', 'SP98', 'Gazole'] }, 'fuels'],
    [{ fuels: 'Gazole' }, 'fuels'],
    [{ tankLitres: 4.9 }, 'tankLitres'],
    [{ tankLitres: 151 }, 'tankLitres'],
    [{ tankLitres: '50' }, 'tankLitres'],
    [{ consumptionL100: 1.9 }, 'consumptionL100'],
    [{ consumptionL100: 30.1 }, 'consumptionL100'],
    [{ yearlyKm: -1 }, 'yearlyKm'],
    [{ yearlyKm: 200_001 }, 'yearlyKm'],
    [{ yearlyKm: 1000.5 }, 'yearlyKm'],
    [{ alerts: { enabled: 'yes' } }, 'alerts.enabled'],
    [{ alerts: { dailyCap: 0 } }, 'alerts.dailyCap'],
    [{ alerts: { dailyCap: 11 } }, 'alerts.dailyCap'],
    [{ alerts: { enabled: true, email: 'x@y.z' } }, 'email'],
    [{ userId: 'someone-else' }, 'userId'],
    [{ PK: 'USER#someone-else' }, 'PK'],
    [{ role: 'admin' }, 'role'],
    [{ email_verified: true }, 'email_verified'],
    [{ favIds: ['12345678'] }, 'favIds'],
    [{ createdAt: '2020-01-01' }, 'createdAt'],
  ])('%j → 400 on %s', (body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  test('50 characters is fine, counted as characters not UTF-16 units', () => {
    expect(fieldOf({ displayName: 'é'.repeat(50) })).toBeUndefined();
    expect(fieldOf({ displayName: '🚗'.repeat(50) })).toBeUndefined();
    expect(fieldOf({ displayName: '🚗'.repeat(51) })).toBe('displayName');
  });

  test('station ids are 7–8 digits, nothing else reaches a key', () => {
    for (const ok of ['1234567', '12345678']) expect(stationIdSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['123456', '123456789', 'USER#x', '1234567#', '../12345678', ' 1234567', '1e7'])
      expect(stationIdSchema.safeParse(bad).success, bad).toBe(false);
  });
});
