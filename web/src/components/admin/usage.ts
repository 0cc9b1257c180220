import { stationTitle } from '#shared/domain/names.ts';
import { instantiate, refs } from '../../lib/dom.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { type AdminUsageResponse, getAdminUsage, type Unavailable } from './api.ts';
import { kpis } from './kpi.ts';
import { n } from './labels.ts';

/** Loads and shows the usage figures; `refresh` recomputes them instead of the cached ones. */
export async function loadUsage(refresh = false): Promise<void> {
  const usage = await getAdminUsage(refresh);
  renderUsage(usage);
}

const perDay = (v: { day: string; count: number }[] | Unavailable) =>
  'available' in v
    ? { value: '—', note: 'non disponible', title: v.note }
    : { value: n(v.at(-1)?.count ?? 0), note: 'aujourd’hui', title: undefined };

function renderUsage(u: AdminUsageResponse): void {
  const page = refs(document, {
    usageSummary: HTMLElement,
    usageKpis: HTMLElement,
    signups: HTMLTableSectionElement,
    signupRow: HTMLTemplateElement,
    topStations: HTMLTableSectionElement,
    topRow: HTMLTemplateElement,
    topEmpty: HTMLTemplateElement,
  });
  page.usageSummary.textContent =
    `Calculé le ${formatDateTime(u.computedAt)} (gardé 5 minutes).` +
    (u.users.truncated ? ' Trop d’utilisateurs pour un seul calcul : les chiffres sont des minimums.' : '');
  const emails = perDay(u.alerts.emailsPerDay);
  const requests = perDay(u.apiRequestsPerDay);
  page.usageKpis.replaceChildren(
    ...kpis([
      {
        value: n(u.users.total),
        label: `utilisateurs (${n(u.users.enabled)} actifs, ${n(u.users.confirmed)} confirmés)`,
      },
      { value: n(u.favourites.usersWithFavourites), label: 'ont des favoris' },
      { value: n(u.favourites.total), label: 'favoris au total' },
      { value: n(u.alerts.configured), label: 'ont activé les alertes' },
      { value: emails.value, label: `e-mails d’alerte ${emails.note}`, title: emails.title },
      { value: requests.value, label: `requêtes API ${requests.note}`, title: requests.title },
    ]),
  );
  const max = Math.max(1, ...u.users.signUpsPerWeek.map((w) => w.count));
  page.signups.replaceChildren(
    ...u.users.signUpsPerWeek.map((w) => {
      const { root, refs: r } = instantiate(page.signupRow, {
        week: HTMLElement,
        count: HTMLElement,
        bar: HTMLElement,
      });
      r.week.textContent = formatDate(`${w.week}T12:00:00Z`);
      r.count.textContent = n(w.count);
      r.bar.style.width = `${(w.count / max) * 100}%`;
      return root;
    }),
  );
  page.topStations.replaceChildren(
    ...(u.favourites.topStations.length
      ? u.favourites.topStations.map((s) => {
          const { root, refs: r } = instantiate(page.topRow, {
            station: HTMLAnchorElement,
            address: HTMLElement,
            followers: HTMLElement,
          });
          r.station.href = `/station/?id=${encodeURIComponent(s.stationId)}`;
          // The title a driver would recognise, the id kept visible for support (issue 16).
          const titled = s.name || s.brand;
          r.station.textContent = titled
            ? `${stationTitle({ name: s.name, brand: s.brand, town: s.town ?? '', address: s.address ?? '' })} (${s.stationId})`
            : s.stationId;
          r.address.textContent = [s.address, s.town].filter(Boolean).join(', ') || '—';
          r.followers.textContent = n(s.followers);
          return root;
        })
      : [instantiate(page.topEmpty, {}).root]),
  );
}
