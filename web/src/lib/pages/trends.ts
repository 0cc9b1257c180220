import { comparedWindowPhrase, dayPhrase } from '#shared/domain/price-age.ts';
import {
  apiMessage,
  type CurrentPriceStats,
  type DailyPriceStats,
  getBrands,
  getStats,
  type StatsResponse,
} from '../api.ts';
import { instantiate, refs } from '../dom.ts';
import { formatDate, formatPrice } from '../format.ts';
import { latest } from '../latest.ts';
import { FUELS, type FuelCode, fuelLabel, savedFuel, saveFuel } from '../prefs.ts';
import { loadView } from '../states.ts';

/** Départements with fewer prices than this are left out of the "cheapest" table (too few to say). */
const MIN_COUNT = 5;

/** The page's elements (pages/tendances.astro and its components), found once. */
const page = () =>
  refs(document, {
    lead: HTMLParagraphElement,
    dept: HTMLSelectElement,
    brand: HTMLSelectElement,
    days: HTMLSelectElement,
    loadState: HTMLDivElement,
    trends: HTMLDivElement,
    kpis: HTMLDivElement,
    kpi: HTMLTemplateElement,
    summary: HTMLParagraphElement,
    chart: HTMLDivElement,
    cheapest: HTMLElement,
    allFuels: HTMLElement,
    fuel: HTMLSelectElement,
  });
type Page = ReturnType<typeof page>;

export function initTrends(): void {
  const ui = page();
  ui.fuel.value = savedFuel();
  let cleanup: (() => void) | null = null;
  /** A new choice aborts the load in flight, so an older answer never draws over a newer one. */
  const loads = latest();
  // The figures of the previous choice never stay beneath a loading or failed one.
  const state = loadView(ui.loadState, [ui.trends]);

  const load = async () => {
    const fuel = (FUELS.find((f) => f.code === ui.fuel.value)?.code ?? 'Gazole') as FuelCode;
    const days = Number(ui.days.value) || 30;
    const dept = ui.dept.value;
    // The same figures over one brand's stations (issue 16), nationally and in the département.
    const brand = ui.brand.value || undefined;
    state.loading('Chargement des tendances…');
    try {
      await loads.run(async (signal) => {
        // Every fuel's national figures come from their own small answer (dept=FR, one day of series).
        const [national, local, allFuels] = await Promise.all([
          getStats({ fuel, days, brand }, signal),
          dept ? getStats({ fuel, days, dept, brand }, signal) : Promise.resolve(null),
          getStats({ dept: 'FR', days: 1, brand }, signal),
        ]);
        state.done();
        const now = Date.now();
        // Which prices, in words: dated when the feed is old (price-age.ts), never "ces 7 derniers jours".
        ui.lead.textContent = `Prix médian des carburants en France et par département, à partir des prix mis à jour ${comparedWindowPhrase(national.version.feedTime, now)}.`;
        fillDepts(ui.dept, national.current);
        renderKpis(ui, national, fuel, brand);
        renderCheapest(ui.cheapest, national, fuel, now);
        renderAllFuels(ui.allFuels, allFuels.current);
        cleanup?.();
        cleanup = null;
        const dispose = await renderChart(ui, national.series, local?.series ?? [], {
          fuel,
          dept,
          deptLabel: deptLabel(national.current, dept),
          days,
          brand,
        });
        if (signal.aborted)
          dispose?.(); // a newer load started while the chart code was loading
        else cleanup = dispose;
      });
    } catch (error) {
      state.error(`Tendances indisponibles. ${apiMessage(error)}`, () => void load());
    }
  };
  ui.fuel.addEventListener('change', () => {
    saveFuel(ui.fuel.value as FuelCode);
    void load();
  });
  ui.dept.addEventListener('change', () => void load());
  ui.brand.addEventListener('change', () => void load());
  ui.days.addEventListener('change', () => void load());
  void load();
  void fillBrands(ui.brand);
}

/** The brands of GET /api/brands, most stations first; without them the page keeps "Toutes les marques". */
async function fillBrands(select: HTMLSelectElement): Promise<void> {
  try {
    const { brands } = await getBrands();
    select.append(...brands.map((b) => new Option(b.brand, b.brand)));
  } catch {
    select.disabled = true; // the figures over every station still show
  }
}

/** "Corrèze (19)": the name the API gives (shared/places/departements.ts), the code beside it. */
function named(c: Pick<CurrentPriceStats, 'dept' | 'name'>): string {
  return c.name ? `${c.name} (${c.dept})` : c.dept;
}

function deptLabel(current: CurrentPriceStats[], dept: string): string {
  const row = current.find((c) => c.dept === dept);
  return row ? named(row) : dept;
}

function fillDepts(select: HTMLSelectElement, current: CurrentPriceStats[]): void {
  if (select.options.length > 1) return;
  const depts = new Map(current.filter((c) => c.dept !== 'FR').map((c) => [c.dept, c]));
  select.append(
    ...[...depts.keys()].sort().map((d) => new Option(named(depts.get(d) as CurrentPriceStats), d)),
  );
}

function renderKpis(ui: Page, res: StatsResponse, fuel: FuelCode, brand: string | undefined): void {
  const fr = res.current.find((c) => c.dept === 'FR' && c.fuel === fuel);
  const kpi = (value: string, label: string) => {
    const { root, refs: r } = instantiate(ui.kpi, { value: HTMLDivElement, label: HTMLDivElement });
    r.value.textContent = value;
    r.label.textContent = label;
    return root;
  };
  ui.kpis.replaceChildren(
    ...(fr
      ? [
          kpi(
            formatPrice(fr.median),
            `${fuelLabel(fuel)} : prix médian en France${brand ? ` chez ${brand}` : ''}`,
          ),
          kpi(formatPrice(fr.min), 'prix le plus bas'),
          kpi(fr.count.toLocaleString('fr-FR'), 'prix relevés'),
          kpi(formatDate(res.day), 'date des chiffres'),
        ]
      : [kpi('—', `aucun prix récent pour ${fuelLabel(fuel)}${brand ? ` chez ${brand}` : ''}`)]),
  );
}

const TABLE = { body: HTMLTableSectionElement, row: HTMLTemplateElement, emptyRow: HTMLTemplateElement };
const ROW = {
  label: HTMLTableCellElement,
  a: HTMLTableCellElement,
  b: HTMLTableCellElement,
  c: HTMLTableCellElement,
};

/**
 * Fills a components/trends/StatsTable.astro: a row header and three figures per row; `sayEmpty` puts a
 * "not enough prices" row in an empty table.
 */
function fillTable(section: HTMLElement, rows: [string, string, string, string][], sayEmpty: boolean): void {
  const t = refs(section, TABLE);
  t.body.replaceChildren(
    ...(rows.length || !sayEmpty
      ? rows.map(([label, ...figures]) => {
          const { root, refs: r } = instantiate(t.row, ROW);
          r.label.textContent = label;
          [r.a.textContent, r.b.textContent, r.c.textContent] = figures;
          return root;
        })
      : [instantiate(t.emptyRow, {}).root]),
  );
}

function renderCheapest(section: HTMLElement, res: StatsResponse, fuel: FuelCode, now: number): void {
  // "aujourd’hui" only when the figures are today's (price-age.ts dayPhrase), else their date.
  refs(section, {
    title: HTMLElement,
  }).title.textContent = `Départements les moins chers ${dayPhrase(res.day, now)}`;
  const rows = res.current
    .filter((c) => c.fuel === fuel && c.dept !== 'FR' && c.count >= MIN_COUNT)
    .sort((a, b) => a.median - b.median)
    .slice(0, 10);
  fillTable(
    section,
    rows.map((c) => [named(c), formatPrice(c.median), formatPrice(c.min), String(c.count)]),
    true,
  );
}

function renderAllFuels(section: HTMLElement, current: CurrentPriceStats[]): void {
  const rows = FUELS.map((f) => current.find((c) => c.dept === 'FR' && c.fuel === f.code)).filter(
    (c): c is CurrentPriceStats => c !== undefined,
  );
  fillTable(
    section,
    rows.map((c) => [fuelLabel(c.fuel), formatPrice(c.median), formatPrice(c.min), formatPrice(c.mean)]),
    false,
  );
}

async function renderChart(
  ui: Page,
  national: DailyPriceStats[],
  local: DailyPriceStats[],
  {
    fuel,
    dept,
    deptLabel,
    days,
    brand,
  }: { fuel: FuelCode; dept: string; deptLabel: string; days: number; brand: string | undefined },
): Promise<(() => void) | null> {
  const nat = national.filter((s) => s.fuel === fuel && s.dept === 'FR');
  const dep = local.filter((s) => s.fuel === fuel && s.dept === dept);
  const summary = ui.summary;
  const element = ui.chart;
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
  summary.textContent = `${fuelLabel(fuel)}${brand ? ` chez ${brand}` : ''}, prix médian en France sur ${days} jours : ${formatPrice(first?.median ?? 0)} le ${formatDate(first?.day ?? '')}, ${formatPrice(last?.median ?? 0)} le ${formatDate(last?.day ?? '')}${dept ? `, comparé au département ${deptLabel}` : ''}.`;
  const { drawChart } = await import('../chart.ts');
  const xs = dayList.map((d) => Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000));
  return drawChart(element, xs, [
    { label: 'France', color: '#0a58a8', values: at(nat) },
    ...(dept ? [{ label: deptLabel, color: '#b13c08', values: at(dep), dash: [6, 4] }] : []),
  ]);
}
