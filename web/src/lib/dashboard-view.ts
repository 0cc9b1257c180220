import type { DashboardFuel, DashboardResponse, DashboardRow, SavingsEstimate } from './api.ts';
import { h } from './dom.ts';
import {
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
import { LEVEL_LABELS, priceScale } from './price-level.ts';

/** The dashboard (signed-in or demo): freshness, then one section per followed fuel, cheapest first. */
export function renderDashboard(root: HTMLElement, d: DashboardResponse): void {
  root.replaceChildren(kpis(d), ...d.fuels.map((f) => fuelSection(f, d)));
}

function kpis(d: DashboardResponse): HTMLElement {
  const kpi = (value: string, label: string, title?: string) =>
    h(
      'div',
      { class: 'kpi', title },
      h('div', { class: 'value' }, value),
      h('div', { class: 'label' }, label),
    );
  return h(
    'div',
    { class: 'kpis' },
    kpi(String(d.favourites), d.favourites > 1 ? 'stations suivies' : 'station suivie'),
    kpi(String(d.fuels.length), d.fuels.length > 1 ? 'carburants suivis' : 'carburant suivi'),
    d.lastIngestAt
      ? kpi(
          formatAge(hoursSince(d.lastIngestAt)),
          'dernière mise à jour des données',
          formatDateTime(d.lastIngestAt),
        )
      : kpi('—', 'aucune donnée chargée'),
    d.feedTime
      ? kpi(formatDate(d.feedTime), 'date des prix les plus récents', formatDateTime(d.feedTime))
      : null,
  );
}

const STATUS: Record<DashboardRow['status'], string | null> = {
  ok: null,
  'out-of-stock': 'En rupture',
  'no-price': 'Ne vend pas ce carburant',
  'too-old': 'Prix trop ancien (plus de 7 jours)',
  outlier: 'Prix aberrant',
  removed: 'Station retirée du flux',
  'unknown-station': 'Station inconnue',
};

function fuelSection(f: DashboardFuel, d: DashboardResponse): HTMLElement {
  const usable = f.rows.filter((r) => r.status === 'ok' && r.price !== null).map((r) => r.price as number);
  const level = priceScale(usable);
  const cheapestRow = f.rows.find((r) => r.cheapest);
  return h(
    'section',
    { class: 'card mt-1', 'aria-labelledby': `fuel-${f.fuel}` },
    h('h2', { id: `fuel-${f.fuel}`, class: 'mt-0' }, fuelLabel(f.fuel)),
    f.savings
      ? savings(f.savings, cheapestRow, d)
      : h(
          'p',
          { class: 'lead' },
          'Aucun prix de moins de 7 jours pour ce carburant dans ces stations : ni classement ni estimation d’économie pour l’instant.',
        ),
    h(
      'ol',
      { class: 'results', 'aria-label': `Vos stations pour ${fuelLabel(f.fuel)}, la moins chère d’abord` },
      f.rows.map((r) => row(r, r.status === 'ok' && r.price !== null ? level(r.price) : null)),
    ),
  );
}

function savings(s: SavingsEstimate, cheapest: DashboardRow | undefined, d: DashboardResponse): HTMLElement {
  const where = cheapest
    ? (cheapest.name ?? `${cheapest.address}, ${cheapest.town}`)
    : 'votre station la moins chère';
  const base = s.baseline;
  const baseline =
    base.kind === 'dept-median'
      ? `Base de comparaison : le prix médian du département ${base.dept ?? ''}${base.day ? ` le ${formatDate(base.day)}` : ''}, ${formatPrice(base.price)} (sur ${base.count} prix).`
      : `Base de comparaison : le prix médian de vos stations favorites, ${formatPrice(base.price)}.`;
  const headline =
    s.perLitre > 0
      ? `En faisant le plein à ${where} (${formatPrice(s.cheapestPrice)}), vous économisez environ ${formatEuros(s.perFill)} par plein de ${s.tankLitres} L, soit ${formatEuros(s.perYear)} par an.`
      : `${where} (${formatPrice(s.cheapestPrice)}) n’est pas moins chère que la base de comparaison : pas d’économie à attendre par rapport à elle.`;
  return h(
    'div',
    { class: 'notice notice-ok savings' },
    h('p', null, h('strong', null, headline)),
    h(
      'p',
      null,
      `${baseline} Calcul : écart de ${formatNumber(s.perLitre * 100)} centimes par litre × ${s.tankLitres} L par plein ; par an, × ${Math.round(s.yearlyLitres)} L (${d.settings.yearlyKm.toLocaleString('fr-FR')} km à ${formatNumber(d.settings.consumptionL100)} L/100 km).`,
    ),
  );
}

function row(r: DashboardRow, level: 1 | 2 | 3 | 4 | 5 | null): HTMLElement {
  const status = STATUS[r.status];
  const title = r.name || r.address.trim() || r.town || `Station ${r.stationId}`;
  return h(
    'li',
    { class: `station-row${level ? ` level-${level}` : ''}`, 'data-station': r.stationId },
    h(
      'div',
      { class: 'price-col' },
      h('span', { class: 'price' }, r.price !== null ? formatPrice(r.price) : '—'),
      r.cheapest
        ? h('span', { class: 'level level-1' }, 'La moins chère')
        : level
          ? h('span', { class: `level level-${level}` }, LEVEL_LABELS[level])
          : null,
    ),
    h(
      'div',
      null,
      h('h3', null, h('a', { href: `/station/?id=${encodeURIComponent(r.stationId)}` }, title)),
      h('p', { class: 'meta' }, r.name ? `${r.address}, ${r.town}` : r.town),
      h(
        'p',
        { class: 'meta' },
        r.ageHours !== null
          ? h(
              'span',
              { class: `age${r.ageHours > 48 ? ' stale' : ''}` },
              `Prix mis à jour ${formatAge(r.ageHours)}`,
            )
          : null,
        r.distanceKm !== null ? h('span', null, `à ${formatDistance(r.distanceKm)}`) : null,
        status
          ? h(
              'span',
              { class: `badge ${r.status === 'out-of-stock' ? 'badge-stock' : 'badge-stale'}` },
              status,
            )
          : null,
      ),
      r.detour ? detour(r) : null,
    ),
  );
}

function detour(r: DashboardRow): HTMLElement | null {
  const d = r.detour;
  if (!d) return null;
  const text = d.worthIt
    ? `Aller plutôt à la moins chère vaut le détour : ${formatDistance(d.extraKm)} de plus aller-retour, ${formatEuros(d.net)} gagnés net sur un plein (${formatEuros(d.gain)} d’écart − ${formatEuros(d.cost)} de carburant pour le détour).`
    : `Pas la peine d’aller à la moins chère : ${formatDistance(d.extraKm)} de plus aller-retour coûteraient ${formatEuros(d.cost)} pour ${formatEuros(d.gain)} d’écart sur un plein.`;
  return h('p', { class: 'meta detour' }, text);
}
