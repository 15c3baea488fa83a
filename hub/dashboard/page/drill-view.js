import { h, replaceChildren } from './dom.js';
import { figureCells } from './figures-table.js';

// One office taken apart by desk, service and channel, in the same cells as the main table.
const HEAD = ['Средний балл', 'Оценки 1–5', 'Не засчитано', 'CSAT, %', 'NPS', 'П / Н / К', 'CES'];

function section(title, firstColumn, rows, withPanel) {
  return h(
    'div',
    { class: 'drill-part' },
    h('h3', {}, title),
    rows.length === 0
      ? h('p', {}, 'Нет данных за период.')
      : h(
          'table',
          { class: 'figures compact' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, firstColumn), HEAD.map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            rows.map((row) => {
              const pressed = row.figures.panel.n + row.figures.panel.suppressed > 0;
              const panelStatus = withPanel && pressed ? 'ok' : 'none';
              const surveyStatus = row.figures.responses > 0 ? 'ok' : 'none';
              return h('tr', { 'data-key': row.key }, h('th', { scope: 'row' }, row.label), figureCells(row.figures, panelStatus, surveyStatus));
            }),
          ),
        ),
  );
}

export function renderDrill(drill, container) {
  replaceChildren(
    container,
    h('p', {}, `${drill.period.label}. Нажатия пульта — по окнам и каналу «Пульт оценки»; анкеты — по окнам, услугам и каналам.`),
    section('По окнам (операторам)', 'Окно', drill.byDesk, true),
    section('По каналам', 'Канал', drill.byChannel, true),
    section('По услугам (анкеты)', 'Услуга', drill.byService, false),
  );
}
