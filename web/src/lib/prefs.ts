import { FUELS, type FuelCode, findFuel } from '#shared/domain/fuels.ts';

export { FUELS, type FuelCode };

const FUEL_KEY = 'plein.fuel';
const DEFAULT_FUEL: FuelCode = 'Gazole';

export function fuelLabel(code: string): string {
  return findFuel(code)?.label ?? code;
}

/** The fuel chosen last time on this device (localStorage), else Gazole. */
export function savedFuel(): FuelCode {
  try {
    const code = findFuel(localStorage.getItem(FUEL_KEY) ?? '')?.code;
    return code ?? DEFAULT_FUEL;
  } catch {
    return DEFAULT_FUEL;
  }
}

export function saveFuel(code: FuelCode): void {
  try {
    localStorage.setItem(FUEL_KEY, code);
  } catch {
    // Not remembered: nothing else depends on it.
  }
}

const BRANDS_KEY = 'plein.brands';

/** The brands chosen last time on this device (the home page's brand filter); none means every brand. */
export function savedBrands(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(BRANDS_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((b): b is string => typeof b === 'string') : [];
  } catch {
    return [];
  }
}

export function saveBrands(brands: readonly string[]): void {
  try {
    if (brands.length) localStorage.setItem(BRANDS_KEY, JSON.stringify(brands));
    else localStorage.removeItem(BRANDS_KEY);
  } catch {
    // Not remembered: the URL still carries them.
  }
}
