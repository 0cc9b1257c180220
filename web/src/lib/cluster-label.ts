/**
 * What a group of map markers (a Supercluster cluster, lib/map.ts) says: how many stations and the cheapest
 * price among them, in its pill and in full words for screen readers. Pure, so it is tested without a map.
 */
import { LEVEL_LABELS, type Level } from './price-level.ts';

/**
 * Supercluster's options. Stations whose pills' anchors are within `radius` screen pixels are grouped
 * (extent 256: Leaflet's tile size, so the radius is in its pixels; a pill is ~50 px wide, a group's ~90).
 * From zoom 17 on every station is its own pill, even two at one address.
 */
export const CLUSTERING = { radius: 60, extent: 256, maxZoom: 16 } as const;

/** What each station brings to its group (Supercluster's `map`), merged by `mergeGroup` (its `reduce`). */
export interface GroupProps {
  /** The lowest list position among the members: groups are drawn, hence tabbed, in the list's order. */
  order: number;
  /** The cheapest member's price, null while no member has one to trust (none, or a doubtful one). */
  price: number | null;
  /** That member's pill text ("1,699") and level. */
  label: string | null;
  level: Level | null;
}

/** A station's part: `price` is null for a station without a price or with a doubtful one. */
export function groupProps(
  s: { price: number | null; label: string; level: Level | null },
  order: number,
): GroupProps {
  return s.price === null
    ? { order, price: null, label: null, level: null }
    : { order, price: s.price, label: s.label, level: s.level };
}

/** Folds `other` into `into`: the first list position, and the cheaper price (the earlier one on a tie). */
export function mergeGroup(into: GroupProps, other: Readonly<GroupProps>): void {
  const cheaper =
    other.price !== null &&
    (into.price === null ||
      other.price < into.price ||
      (other.price === into.price && other.order < into.order));
  into.order = Math.min(into.order, other.order);
  if (cheaper) {
    into.price = other.price;
    into.label = other.label;
    into.level = other.level;
  }
}

/** The pill's two lines: "12 stations" and "dès 1,699" (none when no member has a price). */
export function groupLines(count: number, g: GroupProps): [string, string | null] {
  return [`${count} stations`, g.label === null ? null : `dès ${g.label}`];
}

/**
 * The group's accessible name, in full: "12 stations, la moins chère à 1,699 € le litre de Gazole (B7)
 * (Prix bas) : zoomer pour les voir". The level is in words, the group's pill having no level colour.
 */
export function groupName(count: number, fuel: string, g: GroupProps): string {
  const cheapest =
    g.label === null
      ? 'prix non communiqués'
      : `la moins chère à ${g.label} € le litre de ${fuel}${g.level ? ` (${LEVEL_LABELS[g.level]})` : ''}`;
  return `${count} stations, ${cheapest} : zoomer pour les voir`;
}

/** The line under the map while some stations are grouped, so the list never says more than it shows. */
export function groupedNote(grouped: number, groups: number, total: number): string | null {
  if (groups === 0) return null;
  return `Sur la carte, ${grouped} des ${total} stations sont regroupées en ${groups} groupe${groups > 1 ? 's' : ''} : touchez un groupe ou zoomez pour les voir une à une.`;
}
