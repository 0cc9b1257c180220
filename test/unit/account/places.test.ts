import { describe, expect, test } from 'vitest';
import { labelKey, readSavedPlaces } from '#shared/domain/places.ts';
import { profileUpdateSchema } from '#shared/domain/profile.ts';

const maison = { label: 'Maison', name: 'Lyon 3e Arrondissement', lat: 45.7597, lon: 4.8422 };
const place = (label: string) => ({ ...maison, label });

/** The first issue as the API reports it: [field, code]. */
function firstIssue(places: unknown): [string, string] | undefined {
  const res = profileUpdateSchema.safeParse({ places });
  if (res.success) return undefined;
  const issue = res.error.issues[0];
  const code = issue?.code === 'custom' && issue.params?.code === 'limit' ? 'limit' : 'invalid';
  return [issue?.path.join('.') ?? '', code];
}

describe('saved places in PUT /api/me', () => {
  test('six places pass, trimmed; an empty list clears them', () => {
    const six = ['Maison', 'Travail', 'Parents', 'Sport', 'École', 'Chalet'].map(place);
    six[0] = { ...maison, label: '  Maison ', name: ' Lyon 3e Arrondissement ' };
    const res = profileUpdateSchema.parse({ places: six });
    expect(res.places?.[0]).toEqual(maison);
    expect(res.places).toHaveLength(6);
    expect(profileUpdateSchema.parse({ places: [] })).toEqual({ places: [] });
  });

  test('a seventh is 400 limit on places', () => {
    const seven = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map(place);
    expect(firstIssue(seven)).toEqual(['places', 'limit']);
  });

  test.each([
    [[place('Maison'), place('maison ')], 'places.1.label'],
    [[place('Travail'), place('TRAVAIL')], 'places.1.label'],
    [[place('')], 'places.0.label'],
    [[place('x'.repeat(31))], 'places.0.label'],
    [[place('Mai\u0000son')], 'places.0.label'],
    [[{ ...maison, name: '' }], 'places.0.name'],
    [[{ ...maison, lat: 91 }], 'places.0.lat'],
    [[{ ...maison, lon: '4.84' }], 'places.0.lon'],
    [[{ ...maison, owner: 'someone' }], 'places.0'],
    [['Maison'], 'places.0'],
    [maison, 'places'],
  ])('%j is 400 invalid on %s', (places, field) => {
    expect(firstIssue(places)).toEqual([field, 'invalid']);
  });

  test('labels compare ignoring case and surrounding spaces', () => {
    expect(labelKey(' Maison ')).toBe(labelKey('MAISON'));
    expect(labelKey('École')).toBe(labelKey('école'));
    expect(labelKey('Maison')).not.toBe(labelKey('Maisons'));
  });

  test('a stored list keeps its well-typed entries only', () => {
    expect(readSavedPlaces([maison, { label: 'x' }, null, { ...maison, lat: 'a' }])).toEqual([maison]);
    expect(readSavedPlaces(undefined)).toEqual([]);
    expect(readSavedPlaces('Maison')).toEqual([]);
  });
});
