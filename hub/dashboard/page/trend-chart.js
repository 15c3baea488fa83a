import uPlot from './uPlot.esm.js';
import { h } from './dom.js';

// The trend chart, drawn by uPlot (a small, fast canvas chart library). A canvas says nothing to a
// screen reader, so the chart is an image with a name and a one-line summary, and the same numbers
// sit in a table below it. Periods with no answers leave a gap; small samples are marked in the table.
const HEIGHT = 260;

/**
 * points: [{ label, short, value (number|null), n, small }]; min/max: the metric's scale; text(v): display.
 */
export function trendChart({ title, points, min, max, text }, container) {
  const known = points.filter((p) => p.value !== null);
  const summary = known.length
    ? `${known.length} из ${points.length} периодов с ответами; последнее значение ${text(known[known.length - 1].value)} (${known[known.length - 1].label}).`
    : 'За эти периоды нет ответов.';
  const canvasHolder = h('div', { class: 'chart-canvas', role: 'img', 'aria-label': `${title}. ${summary}` });
  const table = h(
    'details',
    { class: 'chart-data' },
    h('summary', {}, 'Таблица значений'),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Период'), h('th', { scope: 'col' }, 'Значение'), h('th', { scope: 'col' }, 'n'))),
      h('tbody', {}, points.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.label), h('td', {}, p.value === null ? '—' : `${p.small ? '≈ ' : ''}${text(p.value)}`), h('td', {}, String(p.n))))),
    ),
  );
  container.replaceChildren(h('figure', { class: 'chart' }, h('p', { class: 'chart-title' }, title), canvasHolder, h('figcaption', {}, summary), table));

  // Sized to the figure it sits in (the stylesheet caps its width), measured once it is in the page.
  const width = Math.max(280, canvasHolder.clientWidth || 720);
  const data = [points.map((_, i) => i), points.map((p) => p.value)];
  new uPlot(
    {
      width,
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.3, points.length - 0.7] }, y: { range: [min, max] } },
      axes: [
        { stroke: '#1a1a1a', grid: { show: false }, incrs: [1, 2, 3], values: (_u, splits) => splits.map((i) => points[i]?.short ?? '') },
        { stroke: '#1a1a1a', grid: { stroke: '#d5d9e0' }, values: (_u, splits) => splits.map((v) => text(v)), size: 60 },
      ],
      series: [{}, { label: title, stroke: '#123c69', width: 2, spanGaps: false, points: { show: true, size: 8, fill: '#123c69' } }],
    },
    data,
    canvasHolder,
  );
}
