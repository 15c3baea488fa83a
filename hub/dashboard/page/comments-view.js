import { getJson, url } from './api.js';
import { h, replaceChildren } from './dom.js';
import { moscowDateTime, number } from './format.js';

// The comments feed: newest first, filtered by office, tone and text, paged with a cursor.
const ANSWER_LABEL = { csat1: 'ожидания', csat2: 'польза', csat3: 'в целом', ces: 'лёгкость', nps: 'рекомендация' };

function entry(e) {
  const answers = Object.entries(e.answers).map(([k, v]) => `${ANSWER_LABEL[k]} ${v}`).join(', ');
  return h(
    'li',
    { class: e.negative ? 'comment negative' : 'comment', 'data-id': e.id },
    h(
      'p',
      { class: 'meta' },
      h('time', { datetime: e.bornAt }, moscowDateTime(e.bornAt)),
      ` · ${e.officeName} · ${e.channelLabel}`,
      e.desk ? ` · ${e.desk}` : '',
      e.serviceName ? ` · ${e.serviceName}` : '',
      e.negative ? h('strong', { class: 'tone' }, ' · негативный') : '',
      e.complete ? '' : ' · анкета не закончена',
    ),
    h('blockquote', {}, e.comment),
    answers ? h('p', { class: 'answers' }, `Оценки: ${answers}`) : null,
  );
}

export function createCommentsView({ list, count, more, exportLink }) {
  let filter = null;
  let next = null;
  let pages = 0;

  async function load(append) {
    const page = await getJson('/api/comments', { ...filter, limit: 30, before: append ? next : null });
    next = page.next;
    pages = append ? pages + 1 : 1;
    const items = page.entries.map(entry);
    if (append) list.append(...items);
    else replaceChildren(list, items);
    count.textContent = page.total === 0 ? 'Нет отзывов с комментарием по этим условиям.' : `Отзывов с комментарием: ${number(page.total, 0)}`;
    more.hidden = next === null;
  }

  more.addEventListener('click', () => void load(true).catch((e) => (count.textContent = e.message)));

  return {
    /** filter: { period, office, tone, q } */
    async show(newFilter) {
      filter = newFilter;
      exportLink.href = url('/api/comments.csv', filter);
      await load(false);
    },
    /** Live update: the first page is refreshed; a reader paging back is not disturbed. */
    async refresh() {
      if (filter && pages <= 1) await load(false);
    },
  };
}
