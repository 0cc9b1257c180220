import { isStaleAge } from '#shared/domain/price-age.ts';
import { stationHeading } from '#shared/domain/station-heading.ts';
import type { ApiPrice, NearbyStation } from './api.ts';
import { DIRECTION_REFS, fillDirections } from './directions.ts';
import { instantiate } from './dom.ts';
import { type Announce, fillFavouriteToggle } from './favourite.ts';
import { ageNow, formatAge, formatDistance, formatPrice } from './format.ts';
import { type FuelCode, fuelLabel } from './prefs.ts';
import { LEVEL_LABELS, type Level } from './price-level.ts';

/** Open/closed/unknown as a badge with words (never colour alone), in an empty `.badge` of the markup. */
export function fillOpenBadge(badge: HTMLElement, s: { openNow: boolean | null; automat24: boolean }): void {
  const [kind, text] = s.automat24
    ? ['open', 'Ouvert 24 h/24']
    : s.openNow === true
      ? ['open', 'Ouvert']
      : s.openNow === false
        ? ['closed', 'Fermé']
        : ['muted', 'Horaires inconnus'];
  badge.classList.add(`badge-${kind}`);
  badge.textContent = text;
}

/** "Mis à jour il y a 3 h", in warning colour and with its "prix ancien" badge kept only when stale. */
export function fillPriceAge(age: HTMLElement, staleBadge: HTMLElement, p: ApiPrice): void {
  const hours = ageNow(p.updatedAt);
  const stale = p.stale || isStaleAge(hours);
  age.textContent = `Mis à jour ${formatAge(hours)}`;
  age.classList.toggle('stale', stale);
  if (!stale) staleBadge.remove();
}

const ROW = {
  price: HTMLSpanElement,
  level: HTMLSpanElement,
  title: HTMLAnchorElement,
  address: HTMLSpanElement,
  distance: HTMLElement,
  age: HTMLSpanElement,
  stale: HTMLSpanElement,
  open: HTMLSpanElement,
  motorway: HTMLSpanElement,
  stock: HTMLSpanElement,
  outlier: HTMLSpanElement,
  approx: HTMLSpanElement,
  details: HTMLAnchorElement,
  favourite: HTMLSpanElement,
  onMap: HTMLButtonElement,
  ...DIRECTION_REFS,
};

/**
 * One row of the nearby list (components/list/StationRow.astro): the price as the hero, then the station's
 * title (OSM name or brand, issue 16) with its address beneath, how far, how old, open, stock, directions,
 * and the favourite toggle (issue 17), whose outcomes `announce` tells. `onMap` shows the station on the map
 * (its "Voir sur la carte" button, kept only for a station with a position).
 */
export function nearbyRow(
  template: HTMLTemplateElement,
  s: NearbyStation,
  fuel: FuelCode,
  level: Level | null,
  rankLabel: string | null,
  announce: Announce,
  onMap: (id: string) => void,
): HTMLElement {
  const { root, refs: r } = instantiate(template, ROW);
  const p = s.price;
  const href = `/station/?id=${encodeURIComponent(s.id)}`;
  const { title, address } = stationHeading(s);
  root.dataset.station = s.id;
  if (level) root.classList.add(`level-${level}`);

  if (p) r.price.textContent = formatPrice(p.price);
  if (level) {
    r.level.classList.add(`level-${level}`);
    r.level.textContent = rankLabel ?? LEVEL_LABELS[level];
  } else r.level.remove();

  r.title.href = href;
  r.title.textContent = title;
  r.address.textContent = address;
  r.distance.textContent = `à ${formatDistance(s.distanceKm)}`;

  if (p) fillPriceAge(r.age, r.stale, p);
  else for (const node of [r.age, r.stale]) node.remove();
  fillOpenBadge(r.open, s);
  // Listed only with "Ouvertes maintenant" unticked: the whole row says it, not the badge alone.
  if (isClosed(s)) {
    root.classList.add('is-closed');
    r.open.textContent = 'Fermée en ce moment';
  }
  if (s.road !== 'A') r.motorway.remove();
  // Only the fuel searched for (the list says no more than the feed's code list): whether the shortage is
  // temporary or definitive, and since when, is on the station page.
  if (s.outOfStock.includes(fuel)) r.stock.textContent = `Rupture de ${fuelLabel(fuel)}`;
  else r.stock.remove();
  if (!p?.outlier) r.outlier.remove();
  if (!s.flags.suspiciousCoordinates) r.approx.remove();

  if (s.lat === null || s.lon === null) r.onMap.remove();
  else {
    r.onMap.setAttribute('aria-label', `Voir sur la carte : ${title}`);
    r.onMap.addEventListener('click', () => onMap(s.id));
  }
  fillDirections(r, s.lat, s.lon, title);
  r.details.href = href;
  r.details.setAttribute('aria-label', `Détails de la station ${title}`);
  fillFavouriteToggle(r.favourite, { id: s.id, title }, announce);
  return root;
}

/** Closed right now by its hours or a closure (an automat still sells, unknown hours say nothing). */
export function isClosed(s: { openNow: boolean | null; automat24: boolean }): boolean {
  return s.openNow === false && !s.automat24;
}
