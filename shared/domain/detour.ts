/**
 * Is the detour worth it? Driving further to a cheaper station saves on the fill but burns fuel getting
 * there. Pure arithmetic, documented with worked examples in docs/ACCOUNTS.md and the unit tests.
 *
 *   net = priceGap × litres − extraKm × consumptionL100 / 100 × price
 *
 * - priceGap: €/L between the station you would use and the cheaper one (positive when it is cheaper);
 * - litres: what you put in (the dashboard uses a full tank);
 * - extraKm: the extra distance, round trip (there and back, compared with the usual station);
 * - price: the €/L of the fuel burned on the detour, i.e. the cheaper station's price (you refill there).
 *
 * Example: 0.10 €/L cheaper, 40 L, 10 km extra, 6.5 L/100 km, 1.70 €/L:
 *   gain 0.10 × 40 = 4.00 €, cost 10 × 0.065 × 1.70 = 1.105 €, net +2.895 € → worth it.
 */

/**
 * The reach: a station further than this (straight line) from the driver's reference point — the `from` of
 * the dashboard: their position, the place they searched, the demo's place — is never recommended, however
 * cheap ("au-delà de 30 km, non recommandée"): no saving is worth a 200 km drive, and a favourite that far
 * (a relative's town) is for when the driver is there. The demo follows the stations within the same reach.
 */
export const REACH_KM = 30;

/** Straight-line distances understate roads: the usual detour index of road networks is about 1.3. */
export const ROAD_FACTOR = 1.3;

export interface DetourInput {
  priceGap: number;
  litres: number;
  extraKm: number;
  consumptionL100: number;
  price: number;
}

export interface Detour {
  gain: number;
  cost: number;
  net: number;
  worthIt: boolean;
}

export function detourSaving({ priceGap, litres, extraKm, consumptionL100, price }: DetourInput): Detour {
  const gain = priceGap * litres;
  const cost = extraKm * (consumptionL100 / 100) * price;
  const net = gain - cost;
  return { gain, cost, net, worthIt: net > 0 };
}

/**
 * Extra round-trip km to reach `toCheaperKm` away instead of `toUsualKm` away (one-way, straight line),
 * scaled by the road factor. Never negative: a cheaper station that is also closer is no detour.
 */
export function extraRoundTripKm(toCheaperKm: number, toUsualKm: number, roadFactor = ROAD_FACTOR): number {
  return Math.max(0, 2 * (toCheaperKm - toUsualKm) * roadFactor);
}

/** The extra round-trip km at which the detour stops paying (Infinity when it costs nothing to drive). */
export function breakEvenKm({
  priceGap,
  litres,
  consumptionL100,
  price,
}: Omit<DetourInput, 'extraKm'>): number {
  const perKm = (consumptionL100 / 100) * price;
  return perKm > 0 ? (priceGap * litres) / perKm : Number.POSITIVE_INFINITY;
}
