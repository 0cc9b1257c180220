import { describe, expect, test } from 'vitest';
import { loadBrands } from '#shared/names/brands.ts';

// Real spellings of the `brand` tag in ../shared/names (about 280 of them), to name-suggestion-index's
// canonical brand: the matcher takes NSI's matchNames and location sets, no table of ours.
const brands = loadBrands();
const canonical = (brand: string | null, name: string | null = null, at?: { lat: number; lon: number }) =>
  brands.canonical({ brand, name, ...at }).brand;

describe('brand normalisation (name-suggestion-index, brands/amenity/fuel)', { timeout: 30_000 }, () => {
  test('"Total", "Total Access", "TotalEnergies" are one brand: TotalEnergies', () => {
    expect(canonical('Total')).toBe('TotalEnergies');
    expect(canonical('Total Access')).toBe('TotalEnergies');
    expect(canonical('TotalEnergies')).toBe('TotalEnergies');
    expect(canonical('  total  ')).toBe('TotalEnergies');
  });

  test('"E. Leclerc" and "Leclerc" are E.Leclerc', () => {
    expect(canonical('E. Leclerc')).toBe('E.Leclerc');
    expect(canonical('Leclerc')).toBe('E.Leclerc');
  });

  test('the U stores keep their NSI brand, each its own', () => {
    expect(canonical('Système U')).toBe('Système U');
    expect(canonical('Systeme U')).toBe('Système U');
    expect(canonical('Station U')).toBe('Station U');
    expect(canonical('Super U')).toBe('Super U');
  });

  test('"Independent" is not a brand: null', () => {
    expect(brands.canonical({ brand: 'Independent', name: null })).toEqual({
      brand: null,
      outcome: 'generic',
    });
  });

  test('no NSI item: the OSM brand as written (trimmed)', () => {
    expect(brands.canonical({ brand: ' Garage Martin ', name: null })).toEqual({
      brand: 'Garage Martin',
      outcome: 'kept',
    });
  });

  test('no brand: the name gives one only when NSI knows it', () => {
    expect(canonical(null, 'Intermarché')).toBe('Intermarché');
    expect(brands.canonical({ brand: null, name: 'Garage du Pont' })).toEqual({
      brand: null,
      outcome: 'none',
    });
    expect(brands.canonical({ brand: null, name: null })).toEqual({ brand: null, outcome: 'none' });
  });

  test('location sets apply: a German-only brand matches in Germany, not in France', () => {
    expect(brands.canonical({ brand: 'Aral', name: null, lat: 52.52, lon: 13.4 }).outcome).toBe('matched');
    expect(brands.canonical({ brand: 'Aral', name: null }).outcome).toBe('kept');
  });
});
