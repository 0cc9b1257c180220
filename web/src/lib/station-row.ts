import type { ApiPrice, NearbyStation } from './api.ts';
import { directionLinks } from './directions.ts';
import { h } from './dom.ts';
import { formatAge, formatDistance, formatPrice } from './format.ts';
import { type FuelCode, fuelLabel } from './prefs.ts';
import { LEVEL_LABELS, type Level } from './price-level.ts';

/** The feed names no station: its address, else its town — never an empty link. */
export function stationTitle(s: { address: string; town: string }): string {
  return s.address.trim() || s.town.trim() || 'Station sans adresse';
}

/** Open/closed/unknown as a badge with words (never colour alone). */
export function openBadge(s: { openNow: boolean | null; automat24: boolean }): HTMLElement {
  if (s.automat24) return h('span', { class: 'badge badge-open' }, 'Ouvert 24 h/24');
  if (s.openNow === true) return h('span', { class: 'badge badge-open' }, 'Ouvert');
  if (s.openNow === false) return h('span', { class: 'badge badge-closed' }, 'Fermé');
  return h('span', { class: 'badge badge-muted' }, 'Horaires inconnus');
}

/** "Mis à jour il y a 3 h", in warning colour and with a "prix ancien" badge when stale. */
export function priceAge(p: ApiPrice): HTMLElement[] {
  const age = h('span', { class: `age${p.stale ? ' stale' : ''}` }, `Mis à jour ${formatAge(p.ageHours)}`);
  return p.stale ? [age, h('span', { class: 'badge badge-stale' }, 'Prix ancien')] : [age];
}

/** One row of the nearby list: the price as the hero, then where, how old, open, stock, directions. */
export function nearbyRow(
  s: NearbyStation,
  fuel: FuelCode,
  level: Level | null,
  rankLabel: string | null,
): HTMLLIElement {
  const p = s.price;
  const href = `/station/?id=${encodeURIComponent(s.id)}`;
  const badges = [
    openBadge(s),
    s.road === 'A' ? h('span', { class: 'badge badge-muted' }, 'Autoroute') : null,
    // Only the fuel searched for: other fuels' shortages are on the station page.
    s.outOfStock.includes(fuel)
      ? h('span', { class: 'badge badge-stock' }, `Rupture de ${fuelLabel(fuel)}`)
      : null,
    p?.outlier ? h('span', { class: 'badge badge-stale' }, 'Prix douteux') : null,
    s.flags.suspiciousCoordinates
      ? h('span', { class: 'badge badge-muted' }, 'Position approximative')
      : null,
  ];
  const links =
    s.lat !== null && s.lon !== null
      ? directionLinks(s.lat, s.lon).map((l) =>
          h(
            'a',
            { href: l.href, ...(l.href.startsWith('http') ? { target: '_blank', rel: 'noopener' } : {}) },
            l.label,
          ),
        )
      : [];
  return h(
    'li',
    { class: `station-row${level ? ` level-${level}` : ''}`, id: `row-${s.id}`, 'data-station': s.id },
    h(
      'div',
      { class: 'price-col' },
      h('span', { class: 'price' }, p ? formatPrice(p.price) : h('small', null, 'Prix non communiqué')),
      level ? h('span', { class: `level level-${level}` }, rankLabel ?? LEVEL_LABELS[level]) : null,
    ),
    h(
      'div',
      null,
      h('h3', null, h('a', { href }, stationTitle(s))),
      h(
        'p',
        { class: 'meta' },
        h('span', null, `${s.cp} ${s.town}`),
        h('strong', null, `à ${formatDistance(s.distanceKm)}`),
      ),
      h('p', { class: 'meta' }, p ? priceAge(p) : null, badges),
    ),
    h(
      'div',
      { class: 'links' },
      links.length ? h('span', null, 'Itinéraire :') : null,
      links,
      h('a', { href, 'aria-label': `Détails de la station ${stationTitle(s)}` }, 'Détails et historique'),
    ),
  );
}
