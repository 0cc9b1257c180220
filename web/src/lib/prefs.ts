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
