/** The direction links of components/Directions.astro, to pass to `refs()`. */
export const DIRECTION_REFS = {
  directionsLabel: HTMLSpanElement,
  geo: HTMLAnchorElement,
  google: HTMLAnchorElement,
  waze: HTMLAnchorElement,
  apple: HTMLAnchorElement,
};

/**
 * Points the links at turn-by-turn directions to a station: the phone's map app (geo:), Google Maps, Waze, Apple Plans;
 * removes them when the feed gives no position. Each link names the station: a list shows 50 of each, and
 * "Waze, Waze, Waze…" tells a screen-reader user nothing. The visible text starts the name (WCAG 2.5.3).
 */
export function fillDirections(
  links: { [K in keyof typeof DIRECTION_REFS]: InstanceType<(typeof DIRECTION_REFS)[K]> },
  lat: number | null,
  lon: number | null,
  title: string,
): void {
  if (lat === null || lon === null) {
    for (const node of Object.values(links)) node.remove();
    return;
  }
  const ll = `${lat.toFixed(6)},${lon.toFixed(6)}`;
  links.geo.href = `geo:${ll}?q=${ll}`;
  links.google.href = `https://www.google.com/maps/dir/?api=1&destination=${ll}`;
  links.waze.href = `https://waze.com/ul?ll=${ll}&navigate=yes`;
  // daddr = driving directions to the point; q labels it with the station's name (Apple's map links).
  links.apple.href = `https://maps.apple.com/?daddr=${ll}&q=${encodeURIComponent(title)}`;
  for (const link of [links.geo, links.google, links.waze, links.apple])
    link.setAttribute('aria-label', `${link.textContent} : itinéraire vers ${title}`);
}
