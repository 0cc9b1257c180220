/**
 * The dashboard (signed-in or demo): `dashboardView()` turns the API's answer into the words shown (pure, unit
 * tested); `renderDashboard()` fills components/DashboardView.astro's templates with them.
 */
import type { DashboardResponse, DashboardRow, SavingsEstimate } from '#shared/api/account-types.ts';
import { REACH_KM } from '#shared/domain/detour.ts';
import type { FuelCode } from '#shared/domain/fuels.ts';
import { properCase } from '#shared/domain/names.ts';
import { datedPhrase, isStaleAge, parisLongDate } from '#shared/domain/price-age.ts';
import { hasOsmName, stationHeading } from '#shared/domain/station-heading.ts';
import { instantiate, refs } from './dom.ts';
import {
  ageNow,
  formatAge,
  formatDate,
  formatDateTime,
  formatDistance,
  formatEuros,
  formatNumber,
  formatPrice,
  hoursSince,
} from './format.ts';
import { fuelLabel } from './prefs.ts';
import { LEVEL_LABELS, type Level, priceScale } from './price-level.ts';

export interface KpiView {
  value: string;
  label: string;
  title?: string;
}

export interface RowView {
  stationId: string;
  href: string;
  title: string;
  /** Address and town under a named station, the town alone otherwise. */
  place: string;
  price: string;
  /** The row's colour band; null when its price is not ranked. */
  level: Level | null;
  /** "La moins chère" (band 1) or the band's words. */
  badge: { text: string; level: Level } | null;
  age: { text: string; stale: boolean } | null;
  distance: string | null;
  status: { text: string; badge: 'badge-stock' | 'badge-stale' } | null;
  detour: string | null;
}

export interface FuelView {
  fuel: FuelCode;
  heading: string;
  listLabel: string;
  savings: { headline: string; detail: string } | null;
  /** Why there is no saving when it is not the template's reason (no recent price): every one is too far. */
  noSavings: string | null;
  rows: RowView[];
}

export interface DashboardView {
  kpis: KpiView[];
  fuels: FuelView[];
}

/** Said on the page wherever the reach applies (shared/domain/detour.ts). */
const BEYOND_REACH = `Au-delà de ${REACH_KM} km, non recommandée`;

const STATUS: Record<DashboardRow['status'], string | null> = {
  ok: null,
  'beyond-reach': BEYOND_REACH,
  'out-of-stock': 'En rupture',
  'no-price': 'Ne vend pas ce carburant',
  'too-old': 'Prix trop ancien pour être comparé',
  outlier: 'Prix aberrant',
  removed: 'Station retirée du flux',
  'unknown-station': 'Station inconnue',
};

/** What the dashboard shows, in words, cheapest row first as the API sorts them. */
export function dashboardView(d: DashboardResponse, now = Date.now()): DashboardView {
  // An old feed still ranks and estimates (price-age.ts), said with its date: "prix du 5 juin 2026".
  const dated = datedPhrase(d.feedTime, now);
  return {
    kpis: kpis(d, now),
    fuels: d.fuels.map((f) => {
      const ranked = (r: DashboardRow) => r.status === 'ok' && r.price !== null;
      const level = priceScale(f.rows.filter(ranked).map((r) => r.price as number));
      const label = fuelLabel(f.fuel);
      const cheapest = f.rows.find((r) => r.cheapest);
      const tooFar = f.rows.some((r) => r.status === 'beyond-reach');
      return {
        fuel: f.fuel,
        heading: label,
        listLabel: `Vos stations pour ${label}, la moins chère d’abord${dated ? ` (${dated})` : ''}`,
        savings: f.savings ? savings(f.savings, cheapest, d, dated) : null,
        noSavings:
          !f.savings && tooFar
            ? `Aucune de vos stations à moins de ${REACH_KM} km du point de départ n’a de prix récent pour ce carburant : rien à recommander (${BEYOND_REACH.toLowerCase()}).`
            : null,
        rows: f.rows.map((r) => row(r, ranked(r) ? level(r.price as number) : null, cheapest, now)),
      };
    }),
  };
}

function kpis(d: DashboardResponse, now: number): KpiView[] {
  const out: KpiView[] = [
    { value: String(d.favourites), label: d.favourites > 1 ? 'stations suivies' : 'station suivie' },
    { value: String(d.fuels.length), label: d.fuels.length > 1 ? 'carburants suivis' : 'carburant suivi' },
    d.lastIngestAt
      ? {
          value: formatAge(hoursSince(d.lastIngestAt, now)),
          label: 'dernière mise à jour des données',
          title: formatDateTime(d.lastIngestAt),
        }
      : { value: '—', label: 'aucune donnée chargée' },
  ];
  if (d.feedTime)
    out.push({
      value: formatDate(d.feedTime),
      label: 'date des prix les plus récents',
      title: formatDateTime(d.feedTime),
    });
  return out;
}

function savings(
  s: SavingsEstimate,
  cheapest: DashboardRow | undefined,
  d: DashboardResponse,
  dated: string | null,
) {
  const where = cheapest ? rowNames(cheapest).title : 'votre station la moins chère';
  const base = s.baseline;
  const baseline =
    base.kind === 'dept-median'
      ? `Base de comparaison : le prix médian du département ${base.dept ?? ''}${base.day ? ` le ${formatDate(base.day)}` : ''}, ${formatPrice(base.price)} (sur ${base.count} prix).`
      : `Base de comparaison : le prix médian de vos stations favorites, ${formatPrice(base.price)}.`;
  const price = formatPrice(s.cheapestPrice);
  let headline: string;
  if (s.perLitre <= 0)
    headline = `${where} (${price}) n’est pas moins chère que la base de comparaison : pas d’économie à attendre par rapport à elle.`;
  // Without a starting point nothing says the station is within reach: a fact, not a recommendation.
  else if (!d.from)
    headline = `Votre station la moins chère, ${where} (${price}), coûte environ ${formatEuros(s.perFill)} de moins par plein de ${s.tankLitres} L que la base de comparaison, soit ${formatEuros(s.perYear)} par an. Indiquez votre position : seules les stations à moins de ${REACH_KM} km seront recommandées.`;
  else
    headline = `En faisant le plein à ${where} (${price}), vous économisez environ ${formatEuros(s.perFill)} par plein de ${s.tankLitres} L, soit ${formatEuros(s.perYear)} par an.`;
  const reach = d.from
    ? ` Seules vos stations à moins de ${REACH_KM} km du point de départ sont comparées (${BEYOND_REACH.toLowerCase()}).`
    : '';
  const detail = `${baseline}${reach} Calcul : écart de ${formatNumber(s.perLitre * 100)} centimes par litre × ${s.tankLitres} L par plein ; par an, × ${Math.round(s.yearlyLitres)} L (${d.settings.yearlyKm.toLocaleString('fr-FR')} km à ${formatNumber(d.settings.consumptionL100)} L/100 km).`;
  // Old data is said first, with its date, so the figure is never read as today's.
  return {
    headline: dated ? `Calcul sur les ${dated}, les plus récents disponibles. ${headline}` : headline,
    detail,
  };
}

/**
 * The driver's name for it first, else the station's title; the OSM title and the address beneath. A row's
 * `name` is the driver's own; the station's OSM name is `stationName` (issue 16).
 */
function rowNames(r: DashboardRow): { title: string; place: string } {
  const osm = { name: r.stationName, brand: r.brand };
  const heading = stationHeading({ ...osm, address: r.address, cp: '', town: r.town });
  const known = hasOsmName(osm) || r.address.trim() || r.town.trim();
  const own = r.name?.trim();
  if (!own) return { title: known ? heading.title : `Station ${r.stationId}`, place: heading.address };
  const full = [r.address.trim(), properCase(r.town.trim())].filter(Boolean).join(', ');
  return { title: own, place: hasOsmName(osm) ? `${heading.title} · ${full}` : full };
}

function row(r: DashboardRow, level: Level | null, cheapest: DashboardRow | undefined, now: number): RowView {
  const status = STATUS[r.status];
  return {
    stationId: r.stationId,
    href: `/station/?id=${encodeURIComponent(r.stationId)}`,
    ...rowNames(r),
    price: r.price !== null ? formatPrice(r.price) : '—',
    level,
    badge: r.cheapest
      ? { text: 'La moins chère', level: 1 }
      : level
        ? { text: LEVEL_LABELS[level], level }
        : null,
    age: r.ageHours !== null && r.updatedAt ? priceAge(r.updatedAt, now) : null,
    distance: r.distanceKm !== null ? `à ${formatDistance(r.distanceKm)}` : null,
    status: status
      ? { text: status, badge: r.status === 'out-of-stock' ? 'badge-stock' : 'badge-stale' }
      : null,
    detour: r.detour ? detourText(r.detour, r, cheapest) : null,
  };
}

function detourText(
  d: NonNullable<DashboardRow['detour']>,
  r: DashboardRow,
  cheapest?: DashboardRow,
): string {
  // No extra km: the cheapest is no further than this one, so there is no detour to weigh (not "10 m de plus").
  if (d.extraKm === 0 && d.gain > 0) {
    const here = r.distanceKm;
    const there = cheapest?.distanceKm ?? null;
    const where =
      here !== null && there !== null && there < here
        ? `aussi plus proche (à ${formatDistance(there)} au lieu de ${formatDistance(here)})`
        : 'à la même distance';
    return `La moins chère est ${where} : ${formatEuros(d.gain)} de moins sur un plein, sans détour.`;
  }
  return d.worthIt
    ? `Aller plutôt à la moins chère vaut le détour : ${formatDistance(d.extraKm)} de plus aller-retour, ${formatEuros(d.net)} gagnés net sur un plein (${formatEuros(d.gain)} d’écart − ${formatEuros(d.cost)} de carburant pour le détour).`
    : `Pas la peine d’aller à la moins chère : ${formatDistance(d.extraKm)} de plus aller-retour coûteraient ${formatEuros(d.cost)} pour ${formatEuros(d.gain)} d’écart sur un plein.`;
}

/** Fills `root` (DashboardView.astro's `#dashboard`) from its sibling templates. */
export function renderDashboard(root: HTMLElement, d: DashboardResponse): void {
  const view = dashboardView(d);
  const host = root.closest('[data-dashboard-view]');
  if (!host) throw new Error('#dashboard is not inside DashboardView.astro');
  const t = refs(host, {
    kpisTemplate: HTMLTemplateElement,
    kpiTemplate: HTMLTemplateElement,
    fuelTemplate: HTMLTemplateElement,
    rowTemplate: HTMLTemplateElement,
  });
  const kpiList = instantiate(t.kpisTemplate, {}).root;
  kpiList.append(...view.kpis.map((k) => kpiNode(t.kpiTemplate, k)));
  root.replaceChildren(kpiList, ...view.fuels.map((f) => fuelNode(t.fuelTemplate, t.rowTemplate, f)));
}

function kpiNode(template: HTMLTemplateElement, k: KpiView): HTMLElement {
  const { root, refs: r } = instantiate(template, { value: HTMLElement, label: HTMLElement });
  if (k.title) root.title = k.title;
  r.value.textContent = k.value;
  r.label.textContent = k.label;
  return root;
}

function fuelNode(template: HTMLTemplateElement, rowTemplate: HTMLTemplateElement, f: FuelView): HTMLElement {
  const { root, refs: r } = instantiate(template, {
    heading: HTMLElement,
    savings: HTMLElement,
    headline: HTMLElement,
    detail: HTMLElement,
    noSavings: HTMLElement,
    rows: HTMLOListElement,
  });
  const headingId = `fuel-${f.fuel}`;
  root.setAttribute('aria-labelledby', headingId);
  r.heading.id = headingId;
  r.heading.textContent = f.heading;
  if (f.savings) {
    r.headline.textContent = f.savings.headline;
    r.detail.textContent = f.savings.detail;
    r.noSavings.remove();
  } else {
    r.savings.remove();
    if (f.noSavings) r.noSavings.textContent = f.noSavings;
  }
  r.rows.setAttribute('aria-label', f.listLabel);
  r.rows.append(...f.rows.map((row) => rowNode(rowTemplate, row)));
  return root;
}

function rowNode(template: HTMLTemplateElement, v: RowView): HTMLElement {
  const { root, refs: r } = instantiate(template, {
    price: HTMLElement,
    level: HTMLElement,
    link: HTMLAnchorElement,
    place: HTMLElement,
    age: HTMLElement,
    distance: HTMLElement,
    status: HTMLElement,
    detour: HTMLElement,
  });
  root.dataset.station = v.stationId;
  if (v.level) root.classList.add(`level-${v.level}`);
  r.price.textContent = v.price;
  fillOrRemove(r.level, v.badge?.text ?? null);
  if (v.badge) r.level.classList.add(`level-${v.badge.level}`);
  r.link.href = v.href;
  r.link.textContent = v.title;
  r.place.textContent = v.place;
  fillOrRemove(r.age, v.age?.text ?? null);
  if (v.age?.stale) r.age.classList.add('stale');
  fillOrRemove(r.distance, v.distance);
  fillOrRemove(r.status, v.status?.text ?? null);
  if (v.status) r.status.classList.add(v.status.badge);
  fillOrRemove(r.detour, v.detour);
  return root;
}

/** An optional part: its text, or gone (as when it was built only when present). */
function fillOrRemove(node: HTMLElement, text: string | null): void {
  if (text === null) node.remove();
  else node.textContent = text;
}

/** A row's price age as of now (format.ts ageNow), dated in full once stale. */
function priceAge(updatedAt: string, now: number): { text: string; stale: boolean } {
  const hours = ageNow(updatedAt, now);
  return isStaleAge(hours)
    ? { text: `Prix du ${parisLongDate(updatedAt)} (${formatAge(hours)})`, stale: true }
    : { text: `Prix mis à jour ${formatAge(hours)}`, stale: false };
}
