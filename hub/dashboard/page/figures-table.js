import { h, replaceChildren, s } from './dom.js';
import { METRIC, number } from './format.js';

// The offices × period table. Each figure shows its n; a small sample (fewer than 30 answers) is
// marked in three ways: a dashed outline, a "≈" before the value, and words for screen readers.
const SMALL_TITLE = 'Малая выборка: менее 30 ответов, показатель неустойчив';
const PANEL_STATUS = { 'no-panel': 'нет пульта', 'no-presses': 'нет нажатий', none: '—' };
const SURVEY_STATUS = { 'no-responses': 'нет ответов', none: '—' };

function figureCell(metric, figure) {
  const small = figure.n > 0 && figure.small;
  return h(
    'td',
    { class: `fig${small ? ' small' : ''}${figure.n === 0 ? ' empty' : ''}`, 'data-metric': metric, 'data-n': figure.n, title: small ? SMALL_TITLE : null },
    h('span', { class: 'value' }, small ? '≈ ' : '', METRIC[metric].text(figure.value)),
    ' ',
    h('span', { class: 'n' }, `n = ${number(figure.n, 0)}`),
    small ? h('span', { class: 'visually-hidden' }, ' (малая выборка)') : null,
  );
}

function distributionCell(panel) {
  const total = panel.distribution.reduce((a, b) => a + b, 0);
  const label = panel.distribution.map((count, i) => `«${i + 1}»: ${count}`).join(', ');
  const bars = s(
    'svg',
    { class: 'dist-bars', viewBox: '0 0 50 20', width: 50, height: 20, 'aria-hidden': 'true' },
    panel.distribution.map((count, i) => {
      const height = total ? Math.max(count ? 1 : 0, Math.round((count / total) * 20)) : 0;
      return s('rect', { x: i * 10 + 1, y: 20 - height, width: 8, height, class: `score-${i + 1}` });
    }),
  );
  // The bars are for the eye; the counts are in the tooltip and, for screen readers, in words.
  return h('td', { class: 'dist', 'data-metric': 'distribution', 'data-distribution': panel.distribution.join(','), title: label }, bars, h('span', { class: 'visually-hidden' }, label));
}

function sharesCell(nps) {
  if (nps.n === 0) return h('td', { class: 'shares empty', 'data-metric': 'nps-shares' }, '—');
  return h(
    'td',
    { class: 'shares', 'data-metric': 'nps-shares' },
    `${number(nps.promoters, 0)} / ${number(nps.passives, 0)} / ${number(nps.detractors, 0)} %`,
  );
}

/** The figure cells of one row (office, total, or a drill row). Statuses say why a cell is empty. */
export function figureCells(figures, panelStatus, surveyStatus) {
  const cells = [];
  if (panelStatus && PANEL_STATUS[panelStatus]) {
    cells.push(h('td', { colspan: 3, class: 'status', 'data-metric': 'panel', 'data-status': panelStatus }, PANEL_STATUS[panelStatus]));
  } else {
    cells.push(figureCell('panel', figures.panel), distributionCell(figures.panel), h('td', { class: 'num', 'data-metric': 'suppressed' }, number(figures.panel.suppressed, 0)));
  }
  if (surveyStatus && SURVEY_STATUS[surveyStatus]) {
    cells.push(h('td', { colspan: 4, class: 'status', 'data-metric': 'survey', 'data-status': surveyStatus }, SURVEY_STATUS[surveyStatus]));
  } else {
    cells.push(figureCell('csat', figures.csat), figureCell('nps', figures.nps), sharesCell(figures.nps), figureCell('ces', figures.ces));
  }
  return cells;
}

export function renderFiguresTable(table, body, foot, onDrill) {
  replaceChildren(
    body,
    table.offices.map((row) =>
      h(
        'tr',
        { 'data-office': row.office.id },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => onDrill(row.office.id) }, row.office.name), row.office.closed ? ' (закрыт)' : ''),
        figureCells(row.figures, row.panelStatus, row.surveyStatus),
      ),
    ),
  );
  replaceChildren(foot, h('tr', { 'data-office': 'total' }, h('th', { scope: 'row' }, table.total.label), figureCells(table.total.figures, table.total.panelStatus, table.total.surveyStatus)));
}
