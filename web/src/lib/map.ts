/**
 * The Leaflet map, loaded only by pages that show one (dynamic import), with its CSS bundled here rather
 * than from a CDN. Markers are price pills (divIcon) coloured by level; the list next to the map carries
 * the same information in text, so markers stay out of the tab order.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import type { Level } from './price-level.ts';

export interface MapStation {
  id: string;
  lat: number;
  lon: number;
  /** Text of the pill, e.g. "1,739". */
  label: string;
  level: Level | null;
  /** The station's title (lib/station-text.ts): the marker's tooltip and the popup's heading. */
  title: string;
  /** The address line shown beneath the title in the popup. */
  address: string;
  href: string;
}

const TILES = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

export class StationMap {
  private readonly map: L.Map;
  private readonly layer: L.LayerGroup;
  private readonly markers = new Map<string, L.Marker>();
  private selected: string | null = null;

  constructor(element: HTMLElement, center: { lat: number; lon: number }, zoom = 12) {
    this.map = L.map(element, { zoomControl: true, attributionControl: true }).setView(
      [center.lat, center.lon],
      zoom,
    );
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION, subdomains: 'abc' }).addTo(this.map);
    this.layer = L.layerGroup().addTo(this.map);
  }

  /** Replaces the markers; fits the view to them and the search point. */
  show(
    stations: MapStation[],
    center: { lat: number; lon: number } | null,
    onSelect?: (id: string) => void,
  ): void {
    this.layer.clearLayers();
    this.markers.clear();
    const points: L.LatLngExpression[] = [];
    if (center) {
      L.marker([center.lat, center.lon], {
        icon: L.divIcon({ className: 'you-marker', iconSize: [16, 16] }),
        keyboard: false,
        interactive: false,
      }).addTo(this.layer);
      points.push([center.lat, center.lon]);
    }
    // Cheapest last, so they are drawn on top.
    const ordered = [...stations].sort((a, b) => (b.level ?? 6) - (a.level ?? 6));
    for (const s of ordered) {
      const marker = L.marker([s.lat, s.lon], {
        icon: priceIcon(s, false),
        keyboard: false,
        title: s.title,
        riseOnHover: true,
      });
      marker.bindPopup(popup(s));
      marker.on('click', () => {
        this.select(s.id);
        onSelect?.(s.id);
      });
      marker.addTo(this.layer);
      this.markers.set(s.id, marker);
      points.push([s.lat, s.lon]);
    }
    if (points.length > 1) this.map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 15 });
    else if (points[0]) this.map.setView(points[0], 14);
  }

  /** Highlights one station's marker (and opens its popup when asked). */
  select(id: string, openPopup = false): void {
    const previous = this.selected ? this.markers.get(this.selected) : undefined;
    previous?.getElement()?.classList.remove('selected');
    this.selected = id;
    const marker = this.markers.get(id);
    if (!marker) return;
    marker.getElement()?.classList.add('selected');
    marker.setZIndexOffset(1000);
    if (openPopup) {
      this.map.panTo(marker.getLatLng());
      marker.openPopup();
    }
  }

  /** Leaflet measures its container once; call after the container changes size or becomes visible. */
  resize(): void {
    this.map.invalidateSize();
  }
}

function priceIcon(s: MapStation, selected: boolean): L.DivIcon {
  const span = document.createElement('span');
  span.className = s.level ? `level-${s.level}` : 'level-none';
  span.textContent = s.label;
  return L.divIcon({ className: `price-marker${selected ? ' selected' : ''}`, html: span, iconSize: [0, 0] });
}

function popup(s: MapStation): HTMLElement {
  const box = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = s.title;
  const address = document.createElement('small');
  address.textContent = s.address;
  const link = document.createElement('a');
  link.href = s.href;
  link.textContent = 'Voir la station';
  box.append(title, document.createElement('br'), address, document.createElement('br'));
  box.append(`${s.label} €/L · `, link);
  return box;
}
