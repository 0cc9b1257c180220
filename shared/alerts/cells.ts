/**
 * The coarse geographic grid that indexes place-scope rules (docs/ALERTS.md): cells of CELL_DEGREES × CELL_DEGREES
 * (~55 km × 36–40 km in mainland France). A rule is registered in every cell its circle touches, so the
 * rules that may cover a station are exactly those registered in the station's own cell.
 */
export const CELL_DEGREES = 0.5;

/** Length of one degree of latitude on the mean sphere, km (the same sphere as `distanceKm`). */
const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

/** The cell of a point, as `<latIndex>:<lonIndex>` (floor of degrees / CELL_DEGREES; negative indexes fine). */
export function cellOf(lat: number, lon: number): string {
  return `${Math.floor(lat / CELL_DEGREES)}:${Math.floor(lon / CELL_DEGREES)}`;
}

/**
 * Every cell the circle (centre, radius km) may touch: the cells of its bounding box in degrees. The box is
 * slightly larger than the circle (corners), which only costs an index item, never a missed station.
 */
export function cellsForCircle(lat: number, lon: number, radiusKm: number): string[] {
  const dLat = radiusKm / KM_PER_DEGREE;
  // Longitude degrees shrink with latitude: use the circle's widest latitude (nearest the pole).
  const widest = Math.min(89.9, Math.abs(lat) + dLat);
  const dLon = radiusKm / (KM_PER_DEGREE * Math.cos((widest * Math.PI) / 180));
  const cells: string[] = [];
  const lat0 = Math.floor((lat - dLat) / CELL_DEGREES);
  const lat1 = Math.floor((lat + dLat) / CELL_DEGREES);
  const lon0 = Math.floor((lon - dLon) / CELL_DEGREES);
  const lon1 = Math.floor((lon + dLon) / CELL_DEGREES);
  for (let i = lat0; i <= lat1; i++) for (let j = lon0; j <= lon1; j++) cells.push(`${i}:${j}`);
  return cells;
}
