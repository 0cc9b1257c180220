/**
 * The words the site shows for a station, apart from the DOM (unit tested in test/unit/web/): its title and
 * the address beneath for a search hit (issue 16: `stationHeading`, shared with the emails), its shortages.
 */
import type { SearchStation } from '#shared/api/types.ts';
import type { OutOfStock } from '#shared/domain/station.ts';
import { type StationHeading, stationHeading } from '#shared/domain/station-heading.ts';
import { formatDateTime } from './format.ts';
import { fuelLabel } from './prefs.ts';

/** A search hit of kind 'station' (docs/API.md): the API's `title`, the address line beneath. */
export function hitHeading(s: SearchStation): StationHeading {
  return { title: s.title, address: stationHeading(s).address };
}

/**
 * One shortage in words: the feed's `temporaire` is a passing shortage, `definitive` means the station no
 * longer sells the fuel. "SP98 (E5) : rupture temporaire depuis le 4 juin 2026 à 19:48" (Paris time).
 */
export function stockText(o: Pick<OutOfStock, 'fuel' | 'type' | 'since'>): string {
  const kind =
    o.type === 'definitive'
      ? 'plus vendu (rupture définitive)'
      : o.type === 'temporaire'
        ? 'rupture temporaire'
        : 'rupture de stock';
  const since = o.since && !Number.isNaN(Date.parse(o.since)) ? ` depuis le ${formatDateTime(o.since)}` : '';
  return `${fuelLabel(o.fuel)} : ${kind}${since}`;
}
