import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEPT_CENTRES,
  deptFromPostcode,
  distanceKm,
  FAR_FROM_DEPT_KM,
  isFarFromDept,
} from '#shared/domain/geo.ts';
import {
  daysNamed,
  normalizeCoords,
  normalizePostcode,
  parseClock,
  parsePriceValue,
} from '#shared/feed/normalize.ts';

describe('normalizeCoords', () => {
  it.each([
    ['integers × 100000', '4620114', '519791', 46.20114, 5.19791],
    ['decimals × 100000', '5059477.455', '306830.1', 50.594775, 3.068301],
    ['a negative longitude', '4720393', '-154657', 47.20393, -1.54657],
    ['Corsica', '4192700', '872600', 41.927, 8.726],
    ['Réunion (southern hemisphere)', '-2087900', '5545000', -20.879, 55.45],
    ['Guadeloupe', '1624100', '-6153400', 16.241, -61.534],
  ])('reads %s', (_, lat, lon, expectedLat, expectedLon) => {
    expect(normalizeCoords(lat, lon)).toEqual({ lat: expectedLat, lon: expectedLon, flag: null });
  });

  it.each([
    ['empty', '', ''],
    ['zero', '0', '0'],
    ['one zero', '4620114', '0'],
    ['absent', undefined, undefined],
  ])('flags %s coordinates as missing', (_, lat, lon) => {
    expect(normalizeCoords(lat, lon)).toEqual({ lat: null, lon: null, flag: 'coords-missing' });
  });

  it('swaps back latitude and longitude given the wrong way round (mainland and overseas)', () => {
    expect(normalizeCoords('519791', '4620114')).toEqual({
      lat: 46.20114,
      lon: 5.19791,
      flag: 'coords-swapped',
    });
    expect(normalizeCoords('-154657', '4720393')).toEqual({
      lat: 47.20393,
      lon: -1.54657,
      flag: 'coords-swapped',
    });
    expect(normalizeCoords('5545000', '-2087900')).toEqual({
      lat: -20.879,
      lon: 55.45,
      flag: 'coords-swapped',
    });
  });

  it('takes values already in degrees as they are, with a flag', () => {
    expect(normalizeCoords('46.20114', '5.19791')).toEqual({
      lat: 46.20114,
      lon: 5.19791,
      flag: 'coords-unscaled',
    });
    expect(normalizeCoords('-1.54657', '47.20393')).toEqual({
      lat: 47.20393,
      lon: -1.54657,
      flag: 'coords-unscaled',
    });
  });

  it('keeps a valid position outside France unflagged here (the postcode check flags it)', () => {
    expect(normalizeCoords('4071280', '-7400600')).toEqual({ lat: 40.7128, lon: -74.006, flag: null });
  });

  it('flags unreadable or impossible values', () => {
    expect(normalizeCoords('abc', '519791')).toEqual({ lat: null, lon: null, flag: 'coords-invalid' });
    expect(normalizeCoords('99999999999', '519791')).toEqual({
      lat: null,
      lon: null,
      flag: 'coords-invalid',
    });
  });
});

describe('postcodes and départements', () => {
  it.each([
    ['01000', '01'],
    ['06110', '06'],
    ['75015', '75'],
    ['95000', '95'],
    ['20000', '2A'],
    ['20167', '2A'],
    ['20200', '2B'],
    ['20600', '2B'],
    ['97100', '971'],
    ['97200', '972'],
    ['97300', '973'],
    ['97411', '974'],
    ['97600', '976'],
  ])('%s is in %s', (cp, dept) => {
    expect(deptFromPostcode(cp)).toBe(dept);
    expect(normalizePostcode(cp)).toEqual({ cp, dept, valid: true });
  });

  it.each(['', '7500', '750150', 'ABCDE', '00100', '96000', '97700', '98000'])(
    '%j is not a French postcode',
    (cp) => {
      expect(deptFromPostcode(cp)).toBeNull();
    },
  );

  it('keeps an invalid postcode as given, still guessing the département of a lost leading zero', () => {
    expect(normalizePostcode(' 6110 ')).toEqual({ cp: '6110', dept: '06', valid: false });
    expect(normalizePostcode('ABCDE')).toEqual({ cp: 'ABCDE', dept: '', valid: false });
    expect(normalizePostcode(undefined)).toEqual({ cp: '', dept: '', valid: false });
  });
});

describe('far from the postcode', () => {
  it('measures distances', () => {
    expect(distanceKm(48.8566, 2.3522, 45.764, 4.8357)).toBeCloseTo(391.5, 0); // Paris–Lyon
  });

  it('accepts stations inside their département and flags those hundreds of km away', () => {
    expect(isFarFromDept('44', 47.20393, -1.54657)).toBe(false); // Nantes
    expect(isFarFromDept('17', 45.159, -0.019)).toBe(false); // 107 km, the farthest honest one
    expect(isFarFromDept('30', 43.482, -1.543)).toBe(true); // a Gard postcode near Biarritz
    expect(isFarFromDept('971', 18.07, -63.08)).toBe(false); // Saint-Martin has Guadeloupe postcodes
    expect(isFarFromDept('', 43.482, -1.543)).toBe(false);
  });

  it('agrees with the great-circle distance except within 1 km of the limit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(DEPT_CENTRES)),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        (dept, dLat, dLon) => {
          const [lat, lon] = DEPT_CENTRES[dept] ?? [0, 0];
          const km = distanceKm(lat, lon, lat + dLat, lon + dLon);
          const limit = dept === '971' || dept === '973' ? 320 : FAR_FROM_DEPT_KM;
          fc.pre(Math.abs(km - limit) > 1);
          expect(isFarFromDept(dept, lat + dLat, lon + dLon)).toBe(km > limit);
        },
      ),
    );
  });
});

describe('parsePriceValue', () => {
  it.each([
    ['1.739', 1.739],
    ['1739', 1.739],
    ['1255', 1.255],
    ['910', 0.91],
    ['1,739', 1.739],
    [' 1.5 ', 1.5],
    ['0.001', 0.001],
    ['7.9', 7.9],
    ['0', 0],
  ])('%j → %d €', (text, euros) => {
    expect(parsePriceValue(text)).toBe(euros);
  });

  it('reads any plain decimal exactly as Number() does', () => {
    const decimal = fc
      .tuple(fc.stringMatching(/^\d{1,8}$/), fc.option(fc.stringMatching(/^\d{1,7}$/)))
      .map(([int, frac]) => (frac === null ? int : `${int}.${frac}`));
    fc.assert(
      fc.property(decimal, (text) => {
        const n = Number(text);
        expect(parsePriceValue(text)).toBe(n >= 100 ? n / 1000 : n);
      }),
      { numRuns: 5000 },
    );
  });

  it.each(['', '  ', 'abc', '1.2.3', 'Infinity', '.5.', '.'])('%j is unreadable', (text) => {
    expect(parsePriceValue(text)).toBeNull();
  });
});

describe('opening hours', () => {
  it.each([
    ['06.00', '06:00'],
    ['00.19', '00:19'],
    ['23.59', '23:59'],
    ['24.00', '24:00'],
    ['7.30', '07:30'],
    ['08:45', '08:45'],
    ['08h45', '08:45'],
  ])('%j → %j', (text, clock) => {
    expect(parseClock(text)).toBe(clock);
  });

  it.each([undefined, '', '25.00', '24.30', '12.60', 'ab.cd', '1200', '12.0'])('%j is unreadable', (text) => {
    expect(parseClock(text)).toBeNull();
  });

  it('reads the days named in an old saufjour', () => {
    expect([...daysNamed('Dimanche')]).toEqual([7]);
    expect([...daysNamed('Lundi;Mardi;Mercredi;Jeudi;Vendredi;Samedi;Dimanche')]).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect([...daysNamed('')]).toEqual([]);
  });
});
