import { dayPhrase } from '#shared/domain/price-age.ts';
import { apiMessage, getHistory, type HistoryResponse, type StationDetail } from '../api.ts';
import { refs, whenVisible } from '../dom.ts';
import { formatPrice } from '../format.ts';
import { fuelLabel, savedFuel } from '../prefs.ts';

/** The price-history card of the station page (components/station/HistoryCard.astro). */
export function initHistory(s: StationDetail): void {
  const ui = refs(document, {
    historyFuel: HTMLSelectElement,
    historySummary: HTMLParagraphElement,
    chart: HTMLDivElement,
  });
  const select = ui.historyFuel;
  const fuels = s.prices.map((p) => p.fuel);
  select.replaceChildren(...fuels.map((f) => new Option(fuelLabel(f), f)));
  const preferred = savedFuel();
  if (fuels.includes(preferred)) select.value = preferred;
  let days = 30;
  const cache = new Map<number, Promise<HistoryResponse>>();
  let cleanup: (() => void) | null = null;

  const draw = async () => {
    const summary = ui.historySummary;
    const chartElement = ui.chart;
    if (!fuels.length) {
      summary.textContent = 'Pas de prix, donc pas d’historique.';
      return;
    }
    summary.textContent = 'Chargement de l’historique…';
    try {
      let pending = cache.get(days);
      if (!pending) {
        pending = getHistory(s.id, days);
        cache.set(days, pending);
        pending.catch(() => cache.delete(days));
      }
      const [history, { drawChart }] = await Promise.all([pending, import('../chart.ts')]);
      const fuel = select.value;
      const series = history.series.find((x) => x.fuel === fuel);
      const points = series?.points ?? [];
      cleanup?.();
      cleanup = null;
      if (points.length === 0) {
        chartElement.replaceChildren();
        // An old feed leaves the window empty: still say the current price, with its date.
        const current = series?.current;
        summary.textContent = `Aucun prix enregistré pour le ${fuelLabel(fuel)} sur ${days} jours${current ? ` ; ${currentPhrase(current.price, current.updatedAt)}` : ''}.`;
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
      const values = points.map((p) => p.price);
      const min = Math.min(...values);
      const max = Math.max(...values);
      summary.textContent = `${fuelLabel(fuel)} sur ${days} jours : de ${formatPrice(min)} à ${formatPrice(max)}, ${points.length} prix enregistré${points.length > 1 ? 's' : ''}${last !== null ? `, ${currentPhrase(last, lastAt)}` : ''}.`;
      cleanup = drawChart(chartElement, xs, [
        { label: fuelLabel(fuel), color: '#0a58a8', values: ys, stepped: true },
      ]);
    } catch (error) {
      summary.textContent = `Historique indisponible. ${apiMessage(error)}`;
    }
  };

  const periods = [...document.querySelectorAll<HTMLButtonElement>('[data-days]')];
  select.addEventListener('change', () => void draw());
  for (const button of periods) {
    button.addEventListener('click', () => {
      days = Number(button.dataset.days);
      for (const b of periods) b.setAttribute('aria-pressed', String(b === button));
      void draw();
    });
  }
  // The chart is below the fold: uPlot and the history load when the section comes near.
  whenVisible(select, () => void draw());
}

/** "1,985 € aujourd’hui" only for a price set today (price-age.ts `dayPhrase`); else when it was set. */
function currentPhrase(price: number, at: string | null): string {
  const when = at ? dayPhrase(at, Date.now()) : null;
  return when === null || when === 'aujourd’hui'
    ? `${formatPrice(price)} ${when ?? 'actuellement'}`
    : `dernier prix ${formatPrice(price)}, relevé ${when}`;
}
