import { describe, expect, test } from 'vitest';
import { frenchNumberText, parseFrenchNumber, readNumber } from '../../../web/src/lib/decimal.ts';

describe('parseFrenchNumber: numbers as French drivers type them', () => {
  test('a pump price with a comma, a dot, a unit, spaces', () => {
    for (const text of ['1,95', '1.95', '1,950 €', '1,950\u00a0€', ' 1,95 €/L ', '1.950', '1,95€'])
      expect(parseFrenchNumber(text), text).toBe(1.95);
    expect(parseFrenchNumber(',5')).toBe(0.5);
    expect(parseFrenchNumber('2')).toBe(2);
  });

  test('litres, L/100 km, km a year, cents', () => {
    expect(parseFrenchNumber('6,5')).toBe(6.5);
    expect(parseFrenchNumber('6,5 L/100 km')).toBe(6.5);
    expect(parseFrenchNumber('50 L')).toBe(50);
    expect(parseFrenchNumber('12 000')).toBe(12000);
    expect(parseFrenchNumber('12\u202f000 km')).toBe(12000);
    expect(parseFrenchNumber('12.000.000')).toBe(12_000_000);
    expect(parseFrenchNumber('1.234,5')).toBe(1234.5);
    expect(parseFrenchNumber('1,234.5')).toBe(1234.5);
    expect(parseFrenchNumber('5 c')).toBe(5);
    expect(parseFrenchNumber('5 centimes')).toBe(5);
    expect(parseFrenchNumber('5 c€')).toBe(5);
  });

  test('signed coordinates', () => {
    expect(parseFrenchNumber('-1,5536')).toBe(-1.5536);
    expect(parseFrenchNumber('−0,25')).toBe(-0.25);
    expect(parseFrenchNumber('+48.85')).toBe(48.85);
  });

  test('nothing or something else is null, never a wrong number', () => {
    for (const text of ['', '  ', '€', 'abc', '1,9,5', '1.2.3', '1,95 2', '1e3', '12.00.0', '.', 'Infinity'])
      expect(parseFrenchNumber(text), text).toBeNull();
  });

  test('written back the French way', () => {
    expect(frenchNumberText(6.5)).toBe('6,5');
    expect(frenchNumberText(12000)).toBe('12000');
    expect(parseFrenchNumber(frenchNumberText(1.859))).toBe(1.859);
  });
});

describe('readNumber: the French message of a numeric field', () => {
  const price = {
    label: 'Le prix maximum',
    min: 0.5,
    max: 5,
    unit: '€ le litre',
    example: '1,85',
    decimals: 3,
  };
  test('a value within bounds', () => {
    expect(readNumber('1,95', price)).toEqual({ value: 1.95 });
    expect(readNumber('1,950 €', price)).toEqual({ value: 1.95 });
  });
  test('out of bounds, not a number, too precise, not whole', () => {
    expect(readNumber('195', price)).toEqual({ error: 'Le prix maximum va de 0,5 à 5 € le litre.' });
    expect(readNumber('abc', price)).toEqual({
      error: 'Le prix maximum : saisissez un nombre, par exemple 1,85.',
    });
    expect(readNumber('1,9555', price)).toEqual({
      error: 'Le prix maximum : au plus 3 décimales, par exemple 1,85.',
    });
    const km = {
      label: 'Le kilométrage annuel',
      min: 0,
      max: 200_000,
      unit: 'km',
      example: '12 000',
      integer: true,
    };
    expect(readNumber('12 000,5', km)).toEqual({
      error: 'Le kilométrage annuel : un nombre entier, par exemple 12 000.',
    });
    expect(readNumber('12 000', km)).toEqual({ value: 12000 });
  });
});
