/**
 * The runs chart of the admin console: run duration (seconds, left axis) and changed stations (right axis)
 * over time, with uPlot — imported dynamically by the console, so only /admin/ downloads it.
 */
import type uPlot from 'uplot';
import type { AdminHealthResponse } from '#shared/api/admin-types.ts';
import { mountPlot } from '../../lib/chart.ts';

const paris = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options });
const timeOfDay = paris({
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
/** Tick labels as precise as the tick spacing needs: seconds, minutes, or days. */
const tickFormats: [minIncrement: number, format: Intl.DateTimeFormat][] = [
  [86_400, paris({ day: 'numeric', month: 'short' })],
  [60, paris({ hour: '2-digit', minute: '2-digit' })],
  [0, paris({ hour: '2-digit', minute: '2-digit', second: '2-digit' })],
];
const integer = new Intl.NumberFormat('fr-FR');

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Draws the chart in `element` (sized to its width, redrawn on resize). Returns a cleanup function. */
export function drawRunsChart(element: HTMLElement, series: AdminHealthResponse['series'], height = 220) {
  element.replaceChildren();
  const brand = cssVar('--brand', '#0a58a8');
  const warn = cssVar('--p4', '#b13c08');
  const muted = cssVar('--muted', '#4b5260');
  const grid = cssVar('--border', '#cfd4dc');
  const durations = series.durationMs.map((v) => (v === null ? null : v / 1000));
  const options: uPlot.Options = {
    width: Math.max(280, element.clientWidth),
    height,
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: true }, s: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 1) * 1.1)] } },
    axes: [
      {
        stroke: muted,
        grid: { stroke: grid, width: 1 },
        space: 70,
        values: (_u, ticks, _space, _incr, foundIncr) => {
          const format = tickFormats.find(([min]) => foundIncr >= min)?.[1] ?? timeOfDay;
          return ticks.map((t) => format.format(new Date(t * 1000)));
        },
      },
      {
        scale: 's',
        stroke: brand,
        grid: { stroke: grid, width: 1 },
        size: 56,
        values: (_u, ticks) => ticks.map((t) => `${t.toLocaleString('fr-FR')} s`),
      },
      {
        scale: 'n',
        side: 1,
        stroke: warn,
        grid: { show: false },
        size: 64,
        values: (_u, ticks) => ticks.map((t) => integer.format(t)),
      },
    ],
    series: [
      { label: 'Début', value: (_u, v) => (v === null ? '—' : timeOfDay.format(new Date(v * 1000))) },
      {
        label: 'Durée',
        scale: 's',
        stroke: brand,
        width: 2,
        points: { show: true, size: 5 },
        value: (_u, v) => (v === null ? '—' : `${v.toFixed(1).replace('.', ',')} s`),
      },
      {
        label: 'Stations modifiées',
        scale: 'n',
        stroke: warn,
        width: 2,
        dash: [6, 4],
        spanGaps: false,
        points: { show: true, size: 5 },
        value: (_u, v) => (v === null ? '—' : integer.format(v)),
      },
    ],
  };
  return mountPlot(options, [series.startedAt, durations, series.changed], element);
}
