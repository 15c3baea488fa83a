import { h, s } from './dom.js';

// A small hand-drawn SVG line chart, so the page needs no chart library (none is installed; a kept
// library such as uPlot or Chart.js should replace this when one is added). Accessible: the SVG is
// an image with a title and a one-line summary, and the same numbers sit in a table below it.
// Points from fewer than 30 answers are hollow and their line dashed.
const W = 720;
const H = 260;
const M = { top: 16, right: 16, bottom: 48, left: 52 };

let uid = 0;

/**
 * points: [{ label, value (number|null), n, small }]; min/max: the metric's scale; text(v): display.
 */
export function lineChart({ title, points, min, max, text }) {
  const id = `chart-${++uid}`;
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const x = (i) => M.left + (points.length === 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const y = (v) => M.top + innerH - ((v - min) / (max - min)) * innerH;

  const ticks = Array.from({ length: 5 }, (_, i) => min + ((max - min) * i) / 4);
  const grid = ticks.map((t) =>
    s('g', { class: 'tick' }, s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }), s('text', { x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, text(t))),
  );
  const every = Math.ceil(points.length / 12);
  const labels = points.map((p, i) => (i % every === 0 || i === points.length - 1 ? s('text', { class: 'x-label', x: x(i), y: H - M.bottom + 18, 'text-anchor': 'middle' }, p.short ?? p.label) : null));

  // Segments break at periods with no answers; a segment touching a small sample is dashed.
  const segments = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a.value === null || b.value === null) continue;
    segments.push(s('line', { class: a.small || b.small ? 'seg small' : 'seg', x1: x(i - 1), y1: y(a.value), x2: x(i), y2: y(b.value) }));
  }
  const dots = points.map((p, i) =>
    p.value === null
      ? null
      : s('circle', { class: p.small ? 'dot small' : 'dot', cx: x(i), cy: y(p.value), r: 4 }, s('title', {}, `${p.label}: ${text(p.value)} (n = ${p.n}${p.small ? ', малая выборка' : ''})`)),
  );

  const known = points.filter((p) => p.value !== null);
  const summary = known.length
    ? `${known.length} из ${points.length} периодов с ответами; последнее значение ${text(known[known.length - 1].value)} (${known[known.length - 1].label}).`
    : 'За эти периоды нет ответов.';

  const svg = s(
    'svg',
    { class: 'line-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    s('title', { id: `${id}-title` }, title),
    s('desc', { id: `${id}-desc` }, summary),
    grid,
    s('line', { class: 'axis', x1: M.left, x2: W - M.right, y1: M.top + innerH, y2: M.top + innerH }),
    labels,
    segments,
    dots,
  );

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
  return h('figure', { class: 'chart' }, svg, h('figcaption', {}, summary), table);
}
