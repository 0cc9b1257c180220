import { FUELS } from '#shared/domain/fuels.ts';
import type { Station } from '#shared/domain/station.ts';

/**
 * One CSV row per station (RFC 4180 quoting). Prices get two columns per fuel (`Gazole`,
 * `Gazole_updatedAt`); lists are joined with `|` (out of stock as `E85:definitive`, or `E85` untyped);
 * hours read `1=06:00-22:00;2=closed;…`.
 */
export const FEED_CSV_HEADER = [
  'id',
  'lat',
  'lon',
  'cp',
  'dept',
  'town',
  'address',
  'road',
  ...FUELS.flatMap((f) => [f.code, `${f.code}_updatedAt`]),
  'outliers',
  'outOfStock',
  'services',
  'automat24',
  'hours',
  'closure',
  'flags',
].join(',');

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function stationToCsv(s: Station): string {
  const fuelColumns = FUELS.flatMap((f) => {
    const price = s.prices.find((p) => p.fuelId === f.id);
    return price ? [price.price, price.updatedAt] : [null, null];
  });
  const hours = s.hours
    ? s.hours.days
        .map(
          (d) =>
            `${d.day}=${[...(d.closed ? ['closed'] : []), ...d.ranges.map((r) => `${r.open}-${r.close}`)].join(' ')}`,
        )
        .join(';')
    : null;
  const closure = s.closure ? [s.closure.type, s.closure.since ?? '', s.closure.until ?? ''].join(' ') : null;
  return [
    s.id,
    s.lat,
    s.lon,
    s.cp,
    s.dept,
    s.town,
    s.address,
    s.road,
    ...fuelColumns,
    s.prices
      .filter((p) => p.outlier)
      .map((p) => p.fuel)
      .join('|'),
    s.outOfStock.map((o) => (o.type ? `${o.fuel}:${o.type}` : o.fuel)).join('|'),
    s.services.join('|'),
    s.hours ? (s.hours.automat24 ? 1 : 0) : null,
    hours,
    closure,
    s.flags.join('|'),
  ]
    .map(csvField)
    .join(',');
}
