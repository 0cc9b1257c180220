/**
 * The Leaflet map, loaded only by pages that show one (dynamic import), with its CSS bundled here rather
 * than from a CDN. Markers are price pills (divIcon) coloured by level, each a focusable button named in
 * full (station, fuel, price) that Enter or Space opens; every Leaflet string is in French. Pills that
 * would overlap are grouped (Supercluster) into a pill saying how many and the cheapest price, which zooms
 * in when activated.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import Supercluster, { type ClusterFeature, type PointFeature } from 'supercluster';
import {
  CLUSTERING,
  type GroupProps,
  groupLines,
  groupName,
  groupProps,
  mergeGroup,
} from './cluster-label.ts';
import './map.css';
import type { Level } from './price-level.ts';

export interface MapStation {
  id: string;
  lat: number;
  lon: number;
  /** Text of the pill, e.g. "1,739". */
  label: string;
  /** The price a group's "dès" may quote: null without a price or with a doubtful one. */
  price: number | null;
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
/** Every station is drawn, not only those in view: a few hundred at most, in the tab order as the list. */
const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

type Point = { id: string; order: number };
type Feature = ClusterFeature<GroupProps> | PointFeature<Point>;

export class StationMap {
  private readonly map: L.Map;
  private readonly layer: L.LayerGroup;
  /** What is drawn now: single stations' pills and groups' pills. */
  private readonly drawn: L.LayerGroup;
  private readonly markers = new Map<string, L.Marker>();
  private readonly stations = new Map<string, MapStation>();
  /** Group pills of the current index, by cluster id (unique across zooms), made once each. */
  private readonly groups = new Map<number, L.Marker>();
  private index: Supercluster<Point, GroupProps> | null = null;
  private fuel = '';
  private drawnAt: { index: Supercluster<Point, GroupProps>; zoom: number } | null = null;
  private selected: string | null = null;
  /** The selected marker's own z offset, given back when another is selected. */
  private selectedZ = 0;
  /** A station to select once the zoom that shows it alone is reached (`reveal`). */
  private revealing: string | null = null;
  /** A group activated from the keyboard: focus goes to its first member's pill once it splits. */
  private focusOrder: number | null = null;
  private onSelect: ((id: string) => void) | undefined;
  private onDraw: ((shown: { grouped: number; groups: number; total: number }) => void) | undefined;

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
    this.drawn = L.layerGroup().addTo(this.map);
    // Groups depend on the zoom only (every station is drawn, wherever the view is).
    this.map.on('zoomend', () => this.draw());
  }

  /**
   * Replaces the markers; fits the view to them and the search point. `popupExtra` adds a control to a
   * station's popup (Accueil's favourite toggle), built afresh each time the popup opens. `onDraw` hears
   * how many stations are grouped after each redraw.
   */
  show(
    stations: MapStation[],
    center: { lat: number; lon: number } | null,
    onSelect?: (id: string) => void,
    popupExtra?: (s: MapStation) => HTMLElement | null,
    onDraw?: (shown: { grouped: number; groups: number; total: number }) => void,
  ): void {
    this.layer.clearLayers();
    this.drawn.clearLayers();
    this.markers.clear();
    this.stations.clear();
    this.groups.clear();
    this.revealing = null;
    this.focusOrder = null;
    this.onSelect = onSelect;
    this.onDraw = onDraw;
    this.fuel = stations[0]?.fuel ?? '';
    const points: L.LatLngExpression[] = [];
    if (center) {
      L.marker([center.lat, center.lon], {
        icon: L.divIcon({ className: 'you-marker', iconSize: [16, 16] }),
        keyboard: false,
        interactive: false,
      }).addTo(this.layer);
      points.push([center.lat, center.lon]);
    }
    for (const s of stations) {
      this.stations.set(s.id, s);
      this.markers.set(s.id, this.stationMarker(s, popupExtra));
      points.push([s.lat, s.lon]);
    }
    const byId = this.stations;
    this.index = new Supercluster<Point, GroupProps>({
      ...CLUSTERING,
      map: (p) => groupProps(byId.get(p.id) ?? { price: null, label: '', level: null }, p.order),
      reduce: mergeGroup,
    }).load(
      stations.map((s, order) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
        properties: { id: s.id, order },
      })),
    );
    // Without animation the view is final at once, and drawn once at its zoom.
    if (points.length > 1)
      this.map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 15, animate: false });
    else if (points[0]) this.map.setView(points[0], 14, { animate: false });
    this.draw();
  }

  /** Highlights one station's marker (and opens its popup when asked). */
  select(id: string, openPopup = false): void {
    const previous = this.selected ? this.markers.get(this.selected) : undefined;
    previous?.getElement()?.classList.remove('selected');
    previous?.setZIndexOffset(this.selectedZ);
    this.selected = id;
    this.markGroups();
    const marker = this.markers.get(id);
    if (!marker) return;
    marker.getElement()?.classList.add('selected');
    this.selectedZ = marker.options.zIndexOffset ?? 0;
    marker.setZIndexOffset(SELECTED_Z);
    if (openPopup && this.drawn.hasLayer(marker)) {
      this.map.panTo(marker.getLatLng());
      marker.openPopup();
    }
  }

  /**
   * Shows one station from the list: zooms in (about it) as far as it takes for its pill to stand alone,
   * then selects it, opens its popup and moves the focus onto it.
   */
  reveal(id: string): void {
    const s = this.stations.get(id);
    const index = this.index;
    if (!s || !index) return;
    const now = Math.round(this.map.getZoom());
    let zoom = now;
    while (zoom <= CLUSTERING.maxZoom && !alone(index, id, zoom)) zoom++;
    if (zoom === now) {
      this.revealed(id);
      return;
    }
    this.revealing = id;
    this.map.setView([s.lat, s.lon], zoom);
  }

  /** Leaflet measures its container once; call after the container changes size or becomes visible. */
  resize(): void {
    this.map.invalidateSize();
  }

  private revealed(id: string): void {
    this.select(id, true);
    this.markers.get(id)?.getElement()?.focus({ preventScroll: true });
  }

  private stationMarker(s: MapStation, popupExtra?: (s: MapStation) => HTMLElement | null): L.Marker {
    // keyboard: Leaflet gives the pill tabindex=0 and role=button, and opens the popup on Enter.
    const marker = L.marker([s.lat, s.lon], {
      icon: priceIcon(s, false),
      keyboard: true,
      title: s.title,
      riseOnHover: true,
      riseOffset: SELECTED_Z, // over every level's offset, as the hovered pill must be
      zIndexOffset: levelZ(s.level),
    });
    marker.bindPopup(() => popup(s, popupExtra?.(s) ?? null));
    const choose = () => {
      this.select(s.id);
      this.onSelect?.(s.id);
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
    // Leaflet makes a new element each time a marker goes back on the map (after a group splits).
    marker.on('add', () => {
      const element = marker.getElement();
      // A screen reader hears the station and the fuel, not a bare "1,739" (the pill's text stays in the name).
      element?.setAttribute('aria-label', markerName(s));
      element?.classList.toggle('selected', this.selected === s.id);
    });
    return marker;
  }

  private groupMarker(f: ClusterFeature<GroupProps>): L.Marker {
    const { cluster_id: id, point_count: count } = f.properties;
    const known = this.groups.get(id);
    if (known) return known;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const marker = L.marker([lat, lon], {
      icon: groupIcon(groupLines(count, f.properties)),
      keyboard: true,
      riseOnHover: true,
      riseOffset: SELECTED_Z,
      zIndexOffset: levelZ(f.properties.level),
    });
    const order = f.properties.order;
    const expand = () => {
      const index = this.index;
      if (!index) return;
      // From the keyboard the pill had the focus: it goes on to the group's first station once it splits.
      if (document.activeElement === marker.getElement()) this.focusOrder = order;
      this.map.setView([lat, lon], index.getClusterExpansionZoom(id));
    };
    marker.on('click', expand);
    marker.on('keypress', (e) => {
      const event = (e as L.LeafletKeyboardEvent).originalEvent;
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault(); // a button's Space, not a page scroll
      expand();
    });
    const name = groupName(count, this.fuel, f.properties);
    marker.on('add', () => marker.getElement()?.setAttribute('aria-label', name));
    this.groups.set(id, marker);
    return marker;
  }

  /** Draws the groups and single pills of the current zoom, in the list's order (the tab order). */
  private draw(): void {
    const index = this.index;
    if (!index) return;
    const zoom = Math.round(this.map.getZoom());
    if (this.drawnAt?.index === index && this.drawnAt.zoom === zoom) return;
    this.drawnAt = { index, zoom };
    // The zoom the pills are drawn for, on the map's element: a browser test knows when a zoom is drawn.
    this.map.getContainer().dataset.zoom = String(zoom);
    const features = (index.getClusters(WORLD, zoom) as Feature[]).sort(
      (a, b) => a.properties.order - b.properties.order,
    );
    const wanted = features.map((f) =>
      'cluster' in f.properties
        ? this.groupMarker(f as ClusterFeature<GroupProps>)
        : this.markers.get(f.properties.id),
    );
    const keep = new Set(wanted);
    for (const layer of this.drawn.getLayers())
      if (!keep.has(layer as L.Marker)) this.drawn.removeLayer(layer);
    for (const marker of wanted) if (marker && !this.drawn.hasLayer(marker)) this.drawn.addLayer(marker);
    // Leaflet appends a marker's element as it comes on the map: put them back in the list's order.
    const active = document.activeElement;
    for (const marker of wanted) {
      const element = marker?.getElement();
      element?.parentElement?.appendChild(element);
    }
    if (active instanceof HTMLElement && active.isConnected && active !== document.activeElement)
      active.focus({ preventScroll: true });
    this.markGroups();

    if (this.focusOrder !== null) {
      const at = features.findIndex((f) => f.properties.order === this.focusOrder);
      wanted[at]?.getElement()?.focus({ preventScroll: true });
      this.focusOrder = null;
    }
    // Once only: had the driver zoomed elsewhere meanwhile, a later zoom must not pull the focus away.
    const revealing = this.revealing;
    this.revealing = null;
    const marker = revealing ? this.markers.get(revealing) : undefined;
    if (revealing && marker && this.drawn.hasLayer(marker)) this.revealed(revealing);
    const groups = features.filter((f) => 'cluster' in f.properties) as ClusterFeature<GroupProps>[];
    this.onDraw?.({
      grouped: groups.reduce((n, g) => n + g.properties.point_count, 0),
      groups: groups.length,
      total: this.stations.size,
    });
  }

  /** The group that holds the selected station shows it too (outlined), as its pill would. */
  private markGroups(): void {
    const index = this.index;
    if (!index) return;
    for (const [id, marker] of this.groups) {
      const element = marker.getElement();
      if (!element) continue;
      const holds =
        this.selected !== null &&
        index.getLeaves(id, Number.POSITIVE_INFINITY).some((leaf) => leaf.properties.id === this.selected);
      element.classList.toggle('selected', holds);
    }
  }
}

/** Whether a station has its own pill (is in no group) at this zoom. */
function alone(index: Supercluster<Point, GroupProps>, id: string, zoom: number): boolean {
  return index
    .getClusters(WORLD, zoom)
    .some((f) => !('cluster' in f.properties) && (f.properties as Point).id === id);
}

/** Leaflet stacks markers by their y on screen plus this offset: a cheaper level always lies above. */
const levelZ = (level: Level | null) => (6 - (level ?? 6)) * 1000;
const SELECTED_Z = 10_000;

function priceIcon(s: MapStation, selected: boolean): L.DivIcon {
  const span = document.createElement('span');
  span.className = s.level ? `level-${s.level}` : 'level-none';
  span.textContent = s.label;
  return L.divIcon({ className: `price-marker${selected ? ' selected' : ''}`, html: span, iconSize: [0, 0] });
}

/** A group's pill: how many stations, and from which price, on two lines. */
function groupIcon([count, from]: [string, string | null]): L.DivIcon {
  const span = document.createElement('span');
  span.className = 'cluster';
  const lines = [count, from].filter((line): line is string => line !== null);
  span.append(
    ...lines.map((line) => {
      const part = document.createElement('span');
      part.textContent = line;
      return part;
    }),
  );
  return L.divIcon({ className: 'price-marker group-marker', html: span, iconSize: [0, 0] });
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
