import { describe, expect, test } from 'vitest';
import { brandsLabel, MAX_BRANDS, parseBrands } from '../../../web/src/lib/brands.ts';

describe('the brand filter in the URL', () => {
  test('comma-separated or repeated, trimmed, unique, at most the API’s limit', () => {
    expect(parseBrands(['TotalEnergies,E.Leclerc', ' Intermarché ', 'E.Leclerc', ''])).toEqual([
      'TotalEnergies',
      'E.Leclerc',
      'Intermarché',
    ]);
    expect(parseBrands([])).toEqual([]);
    const many = Array.from({ length: 30 }, (_, i) => `B${i}`);
    expect(parseBrands([many.join(',')])).toEqual(many.slice(0, MAX_BRANDS));
  });

  test('the disclosure says what is chosen', () => {
    expect(brandsLabel([])).toBe('Toutes les marques');
    expect(brandsLabel(['TotalEnergies'])).toBe('TotalEnergies');
    expect(brandsLabel(['TotalEnergies', 'E.Leclerc'])).toBe('TotalEnergies, E.Leclerc');
    expect(brandsLabel(['TotalEnergies', 'E.Leclerc', 'Intermarché', 'Auchan'])).toBe(
      'TotalEnergies, E.Leclerc +2',
    );
  });
});
