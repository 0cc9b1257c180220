import { describe, expect, test } from 'vitest';
import { distanceKm } from '#shared/domain/geo.ts';

// References: the Rosetta Code haversine task (Nashville BNA → Los Angeles LAX, 2887.26 km with R = 6372.8 km,
// rescaled to the mean radius 6371.0088 km used here), and French pairs computed independently with the
// spherical law of cosines (Python, same radius). Within 0.01 km.
describe('distanceKm (haversine)', () => {
  test.each([
    ['Nashville BNA → Los Angeles LAX (Rosetta Code)', 36.12, -86.67, 33.94, -118.4, 2886.45],
    ['Paris Notre-Dame → Lyon Bellecour', 48.853, 2.3499, 45.7578, 4.832, 391.71],
    ['Paris → Marseille', 48.8566, 2.3522, 43.2965, 5.3698, 660.48],
    ['Brest → Strasbourg (across France)', 48.3904, -4.4861, 48.5734, 7.7521, 901.3],
    ['Ajaccio → Bastia', 41.9192, 8.7386, 42.6977, 9.4508, 104.51],
  ])('%s', (_name, lat1, lon1, lat2, lon2, km) => {
    expect(Math.abs(distanceKm(lat1, lon1, lat2, lon2) - km)).toBeLessThan(0.01);
  });

  // Moved from test/unit/account/detour.test.ts with detour.ts's copy of the same function (haversineKm).
  test('haversine: Paris (Notre-Dame) to Lyon (Bellecour) is about 392 km', () => {
    expect(distanceKm(48.853, 2.3499, 45.7578, 4.832)).toBeCloseTo(392, 0);
    expect(distanceKm(48.85, 2.35, 48.85, 2.35)).toBe(0);
  });

  test('one degree of latitude is ~111.2 km; one of longitude shrinks with cos(lat)', () => {
    expect(distanceKm(45, 2, 46, 2)).toBeCloseTo(111.195, 2);
    expect(distanceKm(60, 0, 60, 1)).toBeCloseTo(111.195 * Math.cos(Math.PI / 3), 1);
  });

  test('symmetric, zero on the same point, no NaN at the antipode', () => {
    expect(distanceKm(48.85, 2.35, 43.3, 5.37)).toBe(distanceKm(43.3, 5.37, 48.85, 2.35));
    expect(distanceKm(48.85, 2.35, 48.85, 2.35)).toBe(0);
    expect(distanceKm(0, 0, 0, 180)).toBeCloseTo(Math.PI * 6371.0088, 3);
  });
});
