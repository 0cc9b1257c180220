import { apiMessage, getTrends, type TrendPoint, type TrendsResponse } from '../../lib/api.ts';
import { formatDate, formatPrice } from '../../lib/format.ts';
import { latest } from '../../lib/latest.ts';
import { FUELS, type FuelCode, fuelLabel } from '../../lib/prefs.ts';

/** The long-range chart of LongRange.astro: reloads on a range button and on the page's fuel and département. */
export function initLongRange(): void {
  const section = document.querySelector<HTMLElement>('[data-long-range]');
  const fuelSelect = document.querySelector<HTMLSelectElement>('#trend-fuel');
  const deptSelect = document.querySelector<HTMLSelectElement>('#trend-dept');
  if (!section || !fuelSelect || !deptSelect) return;
  const summary = section.querySelector('[data-ref="longSummary"]') as HTMLElement;
  const chart = section.querySelector('[data-ref="longChart"]') as HTMLElement;
  const buttons = [...section.querySelectorAll<HTMLButtonElement>('button[data-years]')];
  const loads = latest();
  let years = 0;
  let cleanup: (() => void) | null = null;

  const load = async () => {
    const fuel = (FUELS.find((f) => f.code === fuelSelect.value)?.code ?? 'Gazole') as FuelCode;
    const dept = deptSelect.value;
    const from = years ? yearsAgo(years) : undefined;
    try {
      await loads.run(async (signal) => {
        const [national, local] = await Promise.all([
          getTrends({ fuel, from }, signal),
          dept ? getTrends({ fuel, from, dept }, signal) : Promise.resolve(null),
        ]);
        const deptName = deptSelect.selectedOptions[0]?.textContent ?? dept;
        cleanup?.();
        cleanup = null;
        const dispose = await render(chart, summary, fuel, national, local, deptName);
        if (signal.aborted) dispose?.();
        else cleanup = dispose;
      });
    } catch (error) {
      summary.textContent = `Historique indisponible. ${apiMessage(error)}`;
    }
  };
  for (const b of buttons) {
    b.addEventListener('click', () => {
      years = Number(b.dataset.years);
      for (const o of buttons) o.setAttribute('aria-pressed', String(o === b));
      void load();
    });
  }
  fuelSelect.addEventListener('change', () => void load());
  deptSelect.addEventListener('change', () => void load());
  void load();
}

/** The local date `n` years back, as YYYY-MM-DD. */
function yearsAgo(n: number): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const pointsOf = (res: TrendsResponse | null) => res?.series[0]?.points ?? [];

/** The summary's words: first and last values, lowest and highest with their dates, archive then live. */
function describe(fuel: FuelCode, res: TrendsResponse, points: TrendPoint[]): string {
  const first = points[0] as TrendPoint;
  const last = points[points.length - 1] as TrendPoint;
  const low = points.reduce((a, p) => (p.median < a.median ? p : a), first);
  const high = points.reduce((a, p) => (p.median > a.median ? p : a), first);
  const weekly = res.resolution === 'week' ? ' (médianes hebdomadaires)' : '';
  const firstLive = points.find((p) => p.source === 'live');
  const sources = res.archive.lastDay
    ? ` Archives officielles jusqu’au ${formatDate(res.archive.lastDay)}${firstLive ? `, relevés en direct à partir du ${formatDate(firstLive.day)}` : ''}.`
    : '';
  return `${fuelLabel(fuel)}, prix médian en France${weekly} : ${formatPrice(first.median)} le ${formatDate(first.day)}, ${formatPrice(last.median)} le ${formatDate(last.day)} ; au plus bas ${formatPrice(low.median)} le ${formatDate(low.day)}, au plus haut ${formatPrice(high.median)} le ${formatDate(high.day)}.${sources}`;
}

async function render(
  chart: HTMLElement,
  summary: HTMLElement,
  fuel: FuelCode,
  national: TrendsResponse,
  local: TrendsResponse | null,
  deptName: string,
): Promise<(() => void) | null> {
  const nat = pointsOf(national);
  const dep = pointsOf(local);
  const empty =
    national.archive.years.length === 0 ? 'Pas encore d’historique : lancez le rattrapage (admin).' : '';
  if (nat.length < 2) {
    chart.replaceChildren();
    summary.textContent =
      empty || `Pas assez de jours enregistrés pour ${fuelLabel(fuel)} sur cette période.`;
    return null;
  }
  summary.textContent = `${empty ? `${empty} ` : ''}${describe(fuel, national, nat)}`;
  const days = [...new Set([...nat, ...dep].map((p) => p.day))].sort();
  const at = (list: TrendPoint[]) => {
    const byDay = new Map(list.map((p) => [p.day, p.median]));
    return days.map((d) => byDay.get(d) ?? null);
  };
  const { drawChart } = await import('../../lib/chart.ts');
  const xs = days.map((d) => Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000));
  return drawChart(chart, xs, [
    { label: 'France', color: '#0a58a8', values: at(nat) },
    ...(local ? [{ label: deptName, color: '#b13c08', values: at(dep), dash: [6, 4] }] : []),
  ]);
}
