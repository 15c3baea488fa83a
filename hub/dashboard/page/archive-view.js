import { getJson } from './api.js';
import { h, replaceChildren } from './dom.js';
import { moscowDateTime } from './format.js';

// The list of reports the hub generated on schedule, with their files.
const MAIL = { 'not-configured': 'почта не настроена', sent: 'отправлен по почте', failed: 'письмо не отправлено' };

export async function loadArchive(container) {
  const archive = await getJson('/api/reports');
  if (archive.reports.length === 0) {
    replaceChildren(container, h('p', {}, 'Отчётов в архиве пока нет.'));
    return;
  }
  replaceChildren(
    container,
    h(
      'table',
      { class: 'archive' },
      h('thead', {}, h('tr', {}, ['Отчёт', 'Период', 'Сформирован', 'Файлы', 'Почта'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        archive.reports.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, r.kindLabel),
            h('td', {}, r.periodLabel),
            h('td', {}, moscowDateTime(r.generatedAt)),
            h('td', {}, h('a', { href: r.xlsxUrl, download: '' }, 'XLSX'), ' · ', h('a', { href: r.csvUrl, download: '' }, 'CSV')),
            h('td', { title: r.mailDetail ?? '' }, MAIL[r.mailStatus] ?? r.mailStatus),
          ),
        ),
      ),
    ),
  );
}
