import { byId, h } from '../../lib/dom.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { type AdminUsageResponse, getAdminUsage, type Unavailable } from './api.ts';
import { n } from './labels.ts';

/** Loads and shows the usage figures; `refresh` recomputes them instead of the cached ones. */
export async function loadUsage(refresh = false): Promise<void> {
  const usage = await getAdminUsage(refresh);
  renderUsage(usage);
}

const perDay = (v: { day: string; count: number }[] | Unavailable) =>
  'available' in v
    ? { value: '—', note: 'non disponible' }
    : { value: n(v.at(-1)?.count ?? 0), note: 'aujourd’hui' };

function kpi(value: string, label: string, title?: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi', title },
    h('div', { class: 'value' }, value),
    h('div', { class: 'label' }, label),
  );
}

function renderUsage(u: AdminUsageResponse): void {
  byId('usage-summary').textContent =
    `Calculé le ${formatDateTime(u.computedAt)} (gardé 5 minutes).` +
    (u.users.truncated ? ' Trop d’utilisateurs pour un seul calcul : les chiffres sont des minimums.' : '');
  const emails = perDay(u.alerts.emailsPerDay);
  const requests = perDay(u.apiRequestsPerDay);
  byId('usage-kpis').replaceChildren(
    kpi(n(u.users.total), `utilisateurs (${n(u.users.enabled)} actifs, ${n(u.users.confirmed)} confirmés)`),
    kpi(n(u.favourites.usersWithFavourites), 'ont des favoris'),
    kpi(n(u.favourites.total), 'favoris au total'),
    kpi(n(u.alerts.configured), 'ont activé les alertes'),
    kpi(
      emails.value,
      `e-mails d’alerte ${emails.note}`,
      'available' in u.alerts.emailsPerDay ? u.alerts.emailsPerDay.note : undefined,
    ),
    kpi(
      requests.value,
      `requêtes API ${requests.note}`,
      'available' in u.apiRequestsPerDay ? u.apiRequestsPerDay.note : undefined,
    ),
  );
  const max = Math.max(1, ...u.users.signUpsPerWeek.map((w) => w.count));
  byId('signups').replaceChildren(
    ...u.users.signUpsPerWeek.map((w) => {
      const bar = h('span', { class: 'admin-bar' });
      bar.style.width = `${(w.count / max) * 100}%`;
      return h(
        'tr',
        null,
        h('td', null, formatDate(`${w.week}T12:00:00Z`)),
        h('td', { class: 'num' }, n(w.count)),
        h('td', { 'aria-hidden': 'true' }, bar),
      );
    }),
  );
  byId('top-stations').replaceChildren(
    ...(u.favourites.topStations.length
      ? u.favourites.topStations.map((s) =>
          h(
            'tr',
            null,
            h('td', null, h('a', { href: `/station/?id=${encodeURIComponent(s.stationId)}` }, s.stationId)),
            h('td', { class: 'admin-wrap' }, [s.address, s.town].filter(Boolean).join(', ') || '—'),
            h('td', { class: 'num' }, n(s.followers)),
          ),
        )
      : [h('tr', null, h('td', { colspan: 3 }, 'Aucun favori pour l’instant.'))]),
  );
}
