/** Links that open turn-by-turn directions to a point: the phone's map app (geo:), Google Maps, Waze. */
export function directionLinks(lat: number, lon: number): { label: string; href: string }[] {
  const ll = `${lat.toFixed(6)},${lon.toFixed(6)}`;
  return [
    { label: 'Appli de cartes', href: `geo:${ll}?q=${ll}` },
    { label: 'Google Maps', href: `https://www.google.com/maps/dir/?api=1&destination=${ll}` },
    { label: 'Waze', href: `https://waze.com/ul?ll=${ll}&navigate=yes` },
  ];
}
