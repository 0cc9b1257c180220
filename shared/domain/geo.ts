/** Small, pure geography helpers: postcodes → départements, distances, where French stations can be. */

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Département code of a 5-digit French postcode: '01'…'95', '2A'/'2B' for Corsica (20000–20199 is
 * Corse-du-Sud, 20200 and up Haute-Corse), '971'…'976' overseas. null when the postcode is not one.
 */
export function deptFromPostcode(cp: string): string | null {
  if (cp.length !== 5) return null;
  for (let i = 0; i < 5; i++) {
    const c = cp.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const two = cp.slice(0, 2);
  if (two === '20') return cp < '20200' ? '2A' : '2B';
  if (two === '97') {
    const three = cp.slice(0, 3);
    return three >= '971' && three <= '976' ? three : null;
  }
  if (two === '00' || two === '96' || two === '98' || two === '99') return null;
  return two;
}

/**
 * Approximate centre of the stations of each département: the median station coordinates of the national
 * feeds of 2025-07-28 and 2026-06-05, rounded to 0.01°; overseas ones are the main town's area.
 * Good enough to spot a station hundreds of km from its postcode, not for anything finer.
 */
// biome-ignore format: a compact table reads better
export const DEPT_CENTRES: Readonly<Record<string, readonly [number, number]>> = {
  '01': [46.15, 5.27], '02': [49.58, 3.4], '03': [46.33, 3.28], '04': [43.96, 5.99], '05': [44.56, 6.22],
  '06': [43.67, 7.12], '07': [44.73, 4.59], '08': [49.73, 4.71], '09': [42.98, 1.63], '10': [48.29, 4.09],
  '11': [43.19, 2.56], '12': [44.36, 2.59], '13': [43.44, 5.35], '14': [49.18, -0.35], '15': [45.03, 2.64],
  '16': [45.69, 0.17], '17': [45.86, -0.96], '18': [47.09, 2.42], '19': [45.27, 1.72], '21': [47.3, 5.0],
  '22': [48.52, -2.81], '23': [46.17, 1.88], '24': [45.13, 0.72], '25': [47.25, 6.36], '26': [44.89, 4.91],
  '27': [49.2, 1.13], '28': [48.45, 1.39], '29': [48.25, -4.18], '2A': [41.89, 8.83], '2B': [42.55, 9.44],
  '30': [43.95, 4.34], '31': [43.56, 1.4], '32': [43.74, 0.58], '33': [44.84, -0.57], '34': [43.55, 3.67],
  '35': [48.13, -1.7], '36': [46.8, 1.65], '37': [47.35, 0.7], '38': [45.36, 5.57], '39': [46.75, 5.59],
  '40': [43.82, -1.0], '41': [47.59, 1.38], '42': [45.55, 4.24], '43': [45.15, 3.92], '44': [47.26, -1.61],
  '45': [47.91, 2.14], '46': [44.61, 1.48], '47': [44.36, 0.58], '48': [44.63, 3.38], '49': [47.4, -0.59],
  '50': [49.11, -1.4], '51': [49.1, 4.05], '52': [48.12, 5.15], '53': [48.11, -0.74], '54': [48.68, 6.15],
  '55': [48.94, 5.39], '56': [47.76, -2.95], '57': [49.12, 6.39], '58': [47.02, 3.26], '59': [50.54, 3.13],
  '60': [49.38, 2.46], '61': [48.6, 0.1], '62': [50.49, 2.48], '63': [45.77, 3.13], '64': [43.37, -0.76],
  '65': [43.12, 0.09], '66': [42.68, 2.89], '67': [48.62, 7.67], '68': [47.81, 7.33], '69': [45.77, 4.79],
  '70': [47.63, 6.16], '71': [46.63, 4.72], '72': [47.99, 0.22], '73': [45.56, 6.16], '74': [46.06, 6.32],
  '75': [48.85, 2.33], '76': [49.51, 1.04], '77': [48.78, 2.73], '78': [48.87, 2.0], '79': [46.43, -0.39],
  '80': [49.94, 2.26], '81': [43.77, 2.16], '82': [44.05, 1.25], '83': [43.32, 6.13], '84': [44.01, 4.98],
  '85': [46.71, -1.43], '86': [46.61, 0.36], '87': [45.84, 1.24], '88': [48.2, 6.48], '89': [47.87, 3.53],
  '90': [47.63, 6.87], '91': [48.65, 2.32], '92': [48.86, 2.26], '93': [48.91, 2.47], '94': [48.79, 2.44],
  '95': [49.01, 2.25], '971': [16.2, -61.55], '972': [14.64, -61.02], '973': [4.94, -52.33],
  '974': [-21.13, 55.53], '975': [46.8, -56.2], '976': [-12.8, 45.15],
};

/**
 * How far from its département centre a station may be before we call it suspicious. In the real feeds the
 * farthest honest station is 107 km away and the three wrong ones 263–476 km: 150 km sits in the gap.
 * Guadeloupe's postcodes also cover Saint-Martin and Saint-Barthélemy (~250 km), Guyane is ~300 km wide.
 */
export const FAR_FROM_DEPT_KM = 150;
const FAR_OVERRIDES: Readonly<Record<string, number>> = { '971': 320, '973': 320 };

/**
 * True when the point is implausibly far from its département (unknown départements are never "far").
 * An equirectangular approximation: within 0.5% of the great-circle distance at these ranges, and cheap.
 */
export function isFarFromDept(dept: string, lat: number, lon: number): boolean {
  const centre = DEPT_CENTRES[dept];
  if (!centre) return false;
  const kmPerDegree = 111.195;
  const dy = (lat - centre[0]) * kmPerDegree;
  const dx = (lon - centre[1]) * kmPerDegree * Math.cos(((lat + centre[0]) / 2) * (Math.PI / 180));
  const limit = FAR_OVERRIDES[dept] ?? FAR_FROM_DEPT_KM;
  return dx * dx + dy * dy > limit * limit;
}

/** [latMin, latMax, lonMin, lonMax] of the areas with French fuel stations: mainland + Corsica, overseas. */
const FRENCH_AREAS: readonly (readonly [number, number, number, number])[] = [
  [41.2, 51.2, -5.3, 9.7], // metropolitan France and Corsica
  [15.8, 18.2, -63.2, -60.9], // Guadeloupe, Saint-Martin, Saint-Barthélemy
  [14.3, 15.0, -61.3, -60.7], // Martinique
  [2.0, 6.0, -54.7, -51.5], // Guyane
  [-21.5, -20.8, 55.1, 56.0], // La Réunion
  [46.7, 47.2, -56.5, -56.0], // Saint-Pierre-et-Miquelon
  [-13.1, -12.5, 44.9, 45.4], // Mayotte
];

/** True when a WGS84 point lies in one of the areas above. */
export function isInFrenchArea(lat: number, lon: number): boolean {
  for (const [a, b, c, d] of FRENCH_AREAS) {
    if (lat >= a && lat <= b && lon >= c && lon <= d) return true;
  }
  return false;
}
