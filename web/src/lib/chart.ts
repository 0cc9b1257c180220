/**
 * Price charts with uPlot, loaded only where a chart is drawn (dynamic import); its CSS is bundled here.
 * Prices change in steps (the feed records changes only), so lines are drawn as steps.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const NAMES: uPlot.DateNames = {
  MMMM: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  MMM: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  WWWW: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  WWW: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
};

export interface ChartSeries {
  label: string;
  /** CSS colour. */
  color: string;
  /** [unix seconds, value | null] in time order; all series share the x values given to drawChart. */
  values: (number | null)[];
  stepped?: boolean;
  dash?: number[];
}

const price = (v: number | null) => (v === null ? '—' : `${v.toFixed(3).replace('.', ',')} €`);
const tickDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short' });
const tickMonth = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric' });

/** Prices are close together: a range a little wider than the data, never down to zero. */
function priceRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 1];
  const pad = Math.max(0.02, (max - min) * 0.15);
  return [Math.max(0, min - pad), max + pad];
}

/** Draws (or redraws) a time chart in `element`, sized to its width. Returns a cleanup function. */
export function drawChart(
  element: HTMLElement,
  xs: number[],
  series: ChartSeries[],
  height = 260,
): () => void {
  element.replaceChildren();
  const width = Math.max(280, element.clientWidth);
  const options: uPlot.Options = {
    width,
    height,
    fmtDate: (tpl) => uPlot.fmtDate(tpl, NAMES),
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: priceRange } },
    axes: [
      {
        stroke: '#4b5260',
        grid: { stroke: '#e3e6eb' },
        values: (_u, ticks, _space, _incr, foundIncr) =>
          ticks.map((t) => (foundIncr >= 28 * 86400 ? tickMonth : tickDay).format(new Date(t * 1000))),
      },
      {
        stroke: '#4b5260',
        grid: { stroke: '#e3e6eb' },
        size: 62,
        values: (_u, ticks) => ticks.map((t) => t.toFixed(3).replace('.', ',')),
      },
    ],
    series: [
      { label: 'Date', value: '{DD}/{MM}/{YYYY} {HH}:{mm}' },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        ...(s.dash ? { dash: s.dash } : {}),
        spanGaps: true,
        value: (_u: uPlot, v: number | null) => price(v),
        ...(s.stepped ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
        points: { show: false },
      })),
    ],
  };
  return mountPlot(options, [xs, ...series.map((s) => s.values)], element);
}

/** Draws a uPlot chart in `element`, kept at the element's width (280 px at least). Returns its cleanup. */
export function mountPlot(options: uPlot.Options, data: uPlot.AlignedData, element: HTMLElement): () => void {
  const plot = new uPlot(options, data, element);
  const observer = new ResizeObserver(() =>
    plot.setSize({ width: Math.max(280, element.clientWidth), height: options.height }),
  );
  observer.observe(element);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}
