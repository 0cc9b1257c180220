import { describe, expect, test } from 'vitest';
import { departementName } from '#shared/places/departements.ts';
import { toCurrentStats } from '#shared/snapshot/present.ts';

// Issue 17 item 9: départements by name, not bare numbers.
describe('departementName', () => {
  test('every code the feed uses', () => {
    expect(departementName('19')).toBe('Corrèze');
    expect(departementName('01')).toBe('Ain');
    expect(departementName('2A')).toBe('Corse-du-Sud');
    expect(departementName('2b')).toBe('Haute-Corse');
    expect(departementName('75')).toBe('Paris');
    expect(departementName('971')).toBe('Guadeloupe');
    expect(departementName('FR')).toBe('France');
    expect(departementName('00')).toBeNull();
  });
});

describe('toCurrentStats', () => {
  test('each current row carries its name', () => {
    const row = { fuel: 'Gazole', count: 9, min: 1.5, max: 1.9, median: 1.7, mean: 1.71 };
    const out = toCurrentStats(
      [
        { ...row, dept: 'FR' },
        { ...row, dept: '19' },
        { ...row, dept: '2A' },
      ],
      ['Gazole'],
    );
    expect(out.map((r) => [r.dept, r.name])).toEqual([
      ['FR', 'France'],
      ['19', 'Corrèze'],
      ['2A', 'Corse-du-Sud'],
    ]);
  });
});
