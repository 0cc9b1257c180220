import { dayPhrase } from '#shared/domain/price-age.ts';
import { BACKFILL } from '#shared/platform.ts';
import {
  apiMessage,
  getHistory,
  type HistoryRange,
  type HistoryResponse,
  type HistorySeries,
  type StationDetail,
} from '../api.ts';
import { param, refs, whenVisible } from '../dom.ts';
import { formatPrice } from '../format.ts';
import { fuelLabel, savedFuel } from '../prefs.ts';

/** Today's Paris date (YYYY-MM-DD), moved back `years` for the long ranges. */
function parisDate(yearsBack = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  return `${Number(today.slice(0, 4)) - yearsBack}${today.slice(4)}`;
}

/** The period buttons of HistoryCard.astro: what each asks the API, and how the summary names it. */
const RANGES: Record<string, { label: string; range: () => HistoryRange }> = {
  '30j': { label: 'sur 30 jours', range: () => ({ days: 30 }) },
  '1an': { label: 'sur 1 an', range: () => ({ days: 365 }) },
  '5ans': { label: 'sur 5 ans', range: () => ({ from: parisDate(5) }) },
  tout: { label: 'depuis le début', range: () => ({ from: `${BACKFILL.firstYear}-01-01` }) },
};

const RESOLUTION_TEXT = { day: 'Un point par jour', week: 'Un point par semaine' } as const;
const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
const dateOf = (day: string) => longDate.format(new Date(`${day}T12:00:00Z`));
const plural = (n: number, word: string) => `${n.toLocaleString('fr-FR')} ${word}${n > 1 ? 's' : ''}`;

/** The price-history card of the station page (components/station/HistoryCard.astro). */
export function initHistory(s: StationDetail): void {
  const ui = refs(document, {
    historyFuel: HTMLSelectElement,
    historySummary: HTMLParagraphElement,
    historyDetail: HTMLParagraphElement,
    chart: HTMLDivElement,
  });
  const select = ui.historyFuel;
  const fuels = s.prices.map((p) => p.fuel);
  select.replaceChildren(...fuels.map((f) => new Option(fuelLabel(f), f)));
  // A shared link names its fuel (`fuel=`); else the driver's own.
  const linked = param('fuel');
  const preferred = fuels.find((f) => f === linked) ?? savedFuel();
  if (fuels.includes(preferred)) select.value = preferred;
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('fuel', select.value);
    history.replaceState(null, '', url);
  });
  let period = '30j';
  const cache = new Map<string, Promise<HistoryResponse>>();
  let cleanup: (() => void) | null = null;

  const draw = async () => {
    const summary = ui.historySummary;
    const chartElement = ui.chart;
    ui.historyDetail.textContent = '';
    if (!fuels.length) {
      summary.textContent = 'Pas de prix, donc pas d’historique.';
      return;
    }
    summary.textContent = 'Chargement de l’historique…';
    const { label, range } = RANGES[period] ?? { label: '', range: () => ({ days: 30 }) };
    try {
      let pending = cache.get(period);
      if (!pending) {
        const key = period;
        pending = getHistory(s.id, range());
        cache.set(key, pending);
        pending.catch(() => cache.delete(key));
      }
      const [history, { drawChart }] = await Promise.all([pending, import('../chart.ts')]);
      const fuel = select.value;
      const series = history.series.find((x) => x.fuel === fuel);
      // Flagged changes (typos, reverted within minutes) are left out of the line, and said so below.
      const points = (series?.points ?? []).filter((p) => !p.flag);
      cleanup?.();
      cleanup = null;
      ui.historyDetail.textContent = series ? detail(history, series) : '';
      if (points.length === 0) {
        chartElement.replaceChildren();
        // An old feed leaves the window empty: still say the current price, with its date.
        const current = series?.current;
        summary.textContent = `Aucun prix enregistré pour le ${fuelLabel(fuel)} ${label}${current ? ` ; ${currentPhrase(current.price, current.updatedAt)}` : ''}.`;
        return;
      }
      const xs = points.map((p) => Math.floor(Date.parse(p.at) / 1000));
      const ys: (number | null)[] = points.map((p) => p.price);
      const end = Math.floor(Date.parse(history.to) / 1000);
      const lastPoint = points[points.length - 1];
      const last = series?.current?.price ?? lastPoint?.price ?? null;
      const lastAt = series?.current?.updatedAt ?? lastPoint?.at ?? null;
      if (end > (xs[xs.length - 1] ?? 0)) {
        xs.push(end);
        ys.push(last);
      }
      const min = Math.min(...points.map((p) => p.min ?? p.price));
      const max = Math.max(...points.map((p) => p.max ?? p.price));
      summary.textContent = `${fuelLabel(fuel)} ${label} : de ${formatPrice(min)} à ${formatPrice(max)}${last !== null ? `, ${currentPhrase(last, lastAt)}` : ''}.`;
      cleanup = drawChart(chartElement, xs, [
        { label: fuelLabel(fuel), color: '#0a58a8', values: ys, stepped: true },
      ]);
    } catch (error) {
      summary.textContent = `Historique indisponible. ${apiMessage(error)}`;
    }
  };

  const periods = [...document.querySelectorAll<HTMLButtonElement>('[data-range]')];
  select.addEventListener('change', () => void draw());
  for (const button of periods) {
    button.addEventListener('click', () => {
      period = button.dataset.range ?? '30j';
      for (const b of periods) b.setAttribute('aria-pressed', String(b === button));
      void draw();
    });
  }
  // The chart is below the fold: uPlot and the history load when the section comes near.
  whenVisible(select, () => void draw());
}

/** "Un point par semaine · 3 412 changements de prix, dont 4 signalés (hors courbe) · Pas d'historique avant le …" */
function detail(history: HistoryResponse, series: HistorySeries): string {
  const parts: string[] = [];
  if (series.resolution !== 'change') parts.push(RESOLUTION_TEXT[series.resolution]);
  parts.push(
    `${plural(series.changes, 'changement')} de prix${series.flagged ? `, dont ${plural(series.flagged, 'signalé')} comme douteux (hors courbe)` : ''}`,
  );
  const fromDay = history.from.slice(0, 10);
  if (history.archiveFrom && history.archiveFrom > fromDay)
    parts.push(`Pas d’historique avant le ${dateOf(history.archiveFrom)}`);
  return `${parts.join(' · ')}.`;
}

/** "1,985 € aujourd’hui" only for a price set today (price-age.ts `dayPhrase`); else when it was set. */
function currentPhrase(price: number, at: string | null): string {
  const when = at ? dayPhrase(at, Date.now()) : null;
  return when === null || when === 'aujourd’hui'
    ? `${formatPrice(price)} ${when ?? 'actuellement'}`
    : `dernier prix ${formatPrice(price)}, relevé ${when}`;
}
