import { apiMessage, type DailyPriceStats, getStats, type PriceStats, type StatsResponse } from '../api.ts';
import { byId, h, show } from '../dom.ts';
import { formatDate, formatPrice } from '../format.ts';
import { FUELS, type FuelCode, fuelLabel, savedFuel, saveFuel } from '../prefs.ts';

/** Départements with fewer prices than this are left out of the "cheapest" table (too few to say). */
const MIN_COUNT = 5;

export function initTrends(): void {
  const fuelSelect = byId<HTMLSelectElement>('trend-fuel');
  const deptSelect = byId<HTMLSelectElement>('trend-dept');
  const daysSelect = byId<HTMLSelectElement>('trend-days');
  fuelSelect.value = savedFuel();
  let cleanup: (() => void) | null = null;
  /** The load in flight: a new choice aborts it, so an older answer never draws over a newer one. */
  let controller: AbortController | null = null;

  const load = async () => {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const fuel = (FUELS.find((f) => f.code === fuelSelect.value)?.code ?? 'Gazole') as FuelCode;
    const days = Number(daysSelect.value) || 30;
    const dept = deptSelect.value;
    const msg = byId('trend-msg');
    show(msg, 'Chargement des tendances…', 'info');
    try {
      const [national, local] = await Promise.all([
        getStats({ fuel, days }, signal),
        dept ? getStats({ fuel, days, dept }, signal) : Promise.resolve(null),
      ]);
      show(msg, null);
      byId('trends').hidden = false;
      fillDepts(deptSelect, national.current);
      renderKpis(national, fuel);
      renderCheapest(national.current, fuel);
      renderAllFuels(national.current);
      cleanup?.();
      cleanup = null;
      const dispose = await renderChart(national.series, local?.series ?? [], fuel, dept, days);
      if (signal.aborted)
        dispose?.(); // a newer load started while the chart code was loading
      else cleanup = dispose;
    } catch (error) {
      if ((error as Error).name !== 'AbortError')
        show(msg, `Tendances indisponibles. ${apiMessage(error)}`, 'error');
    }
  };
  fuelSelect.addEventListener('change', () => {
    saveFuel(fuelSelect.value as FuelCode);
    void load();
  });
  deptSelect.addEventListener('change', () => void load());
  daysSelect.addEventListener('change', () => void load());
  void load();
}

function fillDepts(select: HTMLSelectElement, current: PriceStats[]): void {
  if (select.options.length > 1) return;
  const depts = [...new Set(current.map((c) => c.dept).filter((d) => d !== 'FR'))].sort();
  select.append(...depts.map((d) => h('option', { value: d }, d)));
}

function renderKpis(res: StatsResponse, fuel: FuelCode): void {
  const fr = res.current.find((c) => c.dept === 'FR' && c.fuel === fuel);
  const kpi = (value: string, label: string) =>
    h('div', { class: 'kpi' }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
  byId('trend-kpis').replaceChildren(
    ...(fr
      ? [
          kpi(formatPrice(fr.median), `${fuelLabel(fuel)} : prix médian en France`),
          kpi(formatPrice(fr.min), 'prix le plus bas'),
          kpi(fr.count.toLocaleString('fr-FR'), 'prix relevés'),
          kpi(formatDate(res.day), 'date des chiffres'),
        ]
      : [kpi('—', `aucun prix récent pour ${fuelLabel(fuel)}`)]),
  );
}

function renderCheapest(current: PriceStats[], fuel: FuelCode): void {
  const rows = current
    .filter((c) => c.fuel === fuel && c.dept !== 'FR' && c.count >= MIN_COUNT)
    .sort((a, b) => a.median - b.median)
    .slice(0, 10);
  byId('cheap-depts').replaceChildren(
    ...(rows.length
      ? rows.map((c) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, c.dept),
            h('td', { class: 'num' }, formatPrice(c.median)),
            h('td', { class: 'num' }, formatPrice(c.min)),
            h('td', { class: 'num' }, c.count),
          ),
        )
      : [h('tr', null, h('td', { colspan: 4 }, 'Pas assez de prix récents.'))]),
  );
}

function renderAllFuels(current: PriceStats[]): void {
  const rows = FUELS.map((f) => current.find((c) => c.dept === 'FR' && c.fuel === f.code)).filter(
    (c): c is PriceStats => c !== undefined,
  );
  byId('all-fuels').replaceChildren(
    ...rows.map((c) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, fuelLabel(c.fuel)),
        h('td', { class: 'num' }, formatPrice(c.median)),
        h('td', { class: 'num' }, formatPrice(c.min)),
        h('td', { class: 'num' }, formatPrice(c.mean)),
      ),
    ),
  );
}

async function renderChart(
  national: DailyPriceStats[],
  local: DailyPriceStats[],
  fuel: FuelCode,
  dept: string,
  days: number,
): Promise<(() => void) | null> {
  const nat = national.filter((s) => s.fuel === fuel && s.dept === 'FR');
  const dep = local.filter((s) => s.fuel === fuel && s.dept === dept);
  const summary = byId('trend-summary');
  const element = byId('trend-chart');
  if (nat.length === 0) {
    element.replaceChildren();
    summary.textContent = 'Pas encore d’historique quotidien pour ce carburant.';
    return null;
  }
  const dayList = [...new Set([...nat, ...dep].map((s) => s.day))].sort();
  const at = (list: DailyPriceStats[]) => {
    const byDay = new Map(list.map((s) => [s.day, s.median]));
    return dayList.map((d) => byDay.get(d) ?? null);
  };
  const first = nat[0];
  const last = nat[nat.length - 1];
  if (nat.length < 2) {
    element.replaceChildren();
    summary.textContent = `Une seule journée enregistrée pour l’instant (prix médian ${formatPrice(last?.median ?? 0)} le ${formatDate(last?.day ?? '')}) : la courbe apparaîtra dès le deuxième jour.`;
    return null;
  }
  summary.textContent = `${fuelLabel(fuel)}, prix médian en France sur ${days} jours : ${formatPrice(first?.median ?? 0)} le ${formatDate(first?.day ?? '')}, ${formatPrice(last?.median ?? 0)} le ${formatDate(last?.day ?? '')}${dept ? `, comparé au département ${dept}` : ''}.`;
  const { drawChart } = await import('../chart.ts');
  const xs = dayList.map((d) => Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000));
  return drawChart(element, xs, [
    { label: 'France', color: '#0a58a8', values: at(nat) },
    ...(dept ? [{ label: `Département ${dept}`, color: '#b13c08', values: at(dep), dash: [6, 4] }] : []),
  ]);
}
