/**
 * The Leaflet map, loaded only by pages that show one (dynamic import), with its CSS bundled here rather
 * than from a CDN. Markers are price pills (divIcon) coloured by level, each a focusable button named in
 * full (station, fuel, price) that Enter or Space opens; every Leaflet string is in French.
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
  /** The fuel the price is for, e.g. "Gazole (B7)", in the marker's accessible name. */
  fuel: string;
  level: Level | null;
  /** The station's title (lib/station-text.ts): the marker's tooltip and the popup's heading. */
  title: string;
  /** The address line shown beneath the title in the popup. */
  address: string;
  href: string;
}

const TILES = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
/** Leaflet's own credit, its English title in French (the flag it adds is kept out: a plain link). */
const LEAFLET_CREDIT =
  '<a href="https://leafletjs.com" title="Une bibliothèque JavaScript de cartes interactives">Leaflet</a>';
const ZOOM = { zoomInTitle: 'Zoom avant', zoomOutTitle: 'Zoom arrière' };

export class StationMap {
  private readonly map: L.Map;
  private readonly layer: L.LayerGroup;
  private readonly markers = new Map<string, L.Marker>();
  private selected: string | null = null;
  /** The selected marker's own z offset, given back when another is selected. */
  private selectedZ = 0;

  constructor(element: HTMLElement, center: { lat: number; lon: number }, zoom = 12) {
    this.map = L.map(element, { zoomControl: false, attributionControl: false }).setView(
      [center.lat, center.lon],
      zoom,
    );
    L.control.zoom(ZOOM).addTo(this.map);
    L.control.attribution({ prefix: LEAFLET_CREDIT }).addTo(this.map);
    // Leaflet names the popup's close button "Close popup", with no option to change it.
    this.map.on('popupopen', (e) => {
      e.popup
        .getElement()
        ?.querySelector('.leaflet-popup-close-button')
        ?.setAttribute('aria-label', 'Fermer');
    });
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION, subdomains: 'abc' }).addTo(this.map);
    this.layer = L.layerGroup().addTo(this.map);
  }

  /**
   * Replaces the markers; fits the view to them and the search point. `popupExtra` adds a control to a
   * station's popup (Accueil's favourite toggle), built afresh each time the popup opens.
   */
  show(
    stations: MapStation[],
    center: { lat: number; lon: number } | null,
    onSelect?: (id: string) => void,
    popupExtra?: (s: MapStation) => HTMLElement | null,
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
    // In the list's order, so Tab goes through the markers as the list reads; the cheapest drawn on top.
    for (const s of stations) {
      // keyboard: Leaflet gives the pill tabindex=0 and role=button, and opens the popup on Enter.
      const marker = L.marker([s.lat, s.lon], {
        icon: priceIcon(s, false),
        keyboard: true,
        title: s.title,
        riseOnHover: true,
        riseOffset: SELECTED_Z, // over every level's offset, as the hovered pill must be
        zIndexOffset: levelZ(s),
      });
      marker.bindPopup(() => popup(s, popupExtra?.(s) ?? null));
      const choose = () => {
        this.select(s.id);
        onSelect?.(s.id);
      };
      marker.on('click', choose);
      marker.on('keypress', (e) => {
        const key = (e as L.LeafletKeyboardEvent).originalEvent.key;
        if (key === 'Enter') choose();
        else if (key === ' ') {
          (e as L.LeafletKeyboardEvent).originalEvent.preventDefault(); // a button's Space, not a page scroll
          marker.openPopup();
          choose();
        }
      });
      marker.addTo(this.layer);
      // A screen reader hears the station and the fuel, not a bare "1,739" (the pill's text stays in the name).
      marker.getElement()?.setAttribute('aria-label', markerName(s));
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
    previous?.setZIndexOffset(this.selectedZ);
    this.selected = id;
    const marker = this.markers.get(id);
    if (!marker) return;
    marker.getElement()?.classList.add('selected');
    this.selectedZ = marker.options.zIndexOffset ?? 0;
    marker.setZIndexOffset(SELECTED_Z);
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

/** Leaflet stacks markers by their y on screen plus this offset: a cheaper level always lies above. */
const levelZ = (s: MapStation) => (6 - (s.level ?? 6)) * 1000;
const SELECTED_Z = 10_000;

function priceIcon(s: MapStation, selected: boolean): L.DivIcon {
  const span = document.createElement('span');
  span.className = s.level ? `level-${s.level}` : 'level-none';
  span.textContent = s.label;
  return L.divIcon({ className: `price-marker${selected ? ' selected' : ''}`, html: span, iconSize: [0, 0] });
}

/** "Total Access Paris 15 : Gazole (B7) à 1,739 € le litre" (a label without digits is no price). */
function markerName(s: MapStation): string {
  return /\d/.test(s.label)
    ? `${s.title} : ${s.fuel} à ${s.label} € le litre`
    : `${s.title} : ${s.fuel}, prix non communiqué`;
}

function popup(s: MapStation, extra: HTMLElement | null): HTMLElement {
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
  if (extra) box.append(document.createElement('br'), extra);
  return box;
}
