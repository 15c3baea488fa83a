import { useState } from 'preact/hooks';
import type { RegisterListResponse, RegisterRow } from '../../../../shared/api/register.ts';
import { REGISTER_CHANNEL_LABEL, REGISTER_STATUS_LABEL, TONE_LABEL } from '../../../../shared/register-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { DateField } from '../../components/date-field.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { dateProblem } from '../../components/ru-date.ts';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { number } from '../../format.ts';
import { dayText, dueClass, openDueText } from './register-words.ts';
import './register.css';

/**
 * «Реестр обращений»: every entry this user may see, newest first, with filters and the due state
 * of each (в срок / скоро срок / просрочено). The author's data is never here; it is on the
 * entry's page, for those who may see it.
 */
interface Filter {
  q: string;
  channel: string;
  office: string;
  tone: string;
  status: string;
  due: string;
  from: string;
  to: string;
}
const NO_FILTER: Filter = { q: '', channel: '', office: '', tone: '', status: '', due: '', from: '', to: '' };

const COLUMNS: Column<RegisterRow>[] = [
  { id: 'received', label: 'Поступило', sort: (r) => r.receivedOn, cell: (r) => <td>{dayText(r.receivedOn)}</td> },
  { id: 'office', label: 'Отдел', sort: (r) => r.officeName, cell: (r) => <td>{r.officeName}</td> },
  { id: 'channel', label: 'Канал', sort: (r) => r.channel, cell: (r) => <td>{REGISTER_CHANNEL_LABEL[r.channel]}</td> },
  {
    id: 'summary',
    label: 'Содержание',
    cell: (r) => (
      <th scope="row">
        <a href={`/register/${r.id}`}>{r.summary}</a>
      </th>
    ),
  },
  { id: 'tone', label: 'Тон', sort: (r) => r.tone, cell: (r) => <td>{TONE_LABEL[r.tone]}</td> },
  { id: 'status', label: 'Состояние', sort: (r) => r.status, cell: (r) => <td>{REGISTER_STATUS_LABEL[r.status]}</td> },
  {
    id: 'due',
    label: 'Срок',
    sort: (r) => r.openDue?.due ?? null,
    cell: (r) => <td class={r.openDue ? dueClass(r.openDue.state) : 'muted'}>{openDueText(r.openDue)}</td>,
  },
];

/** The export's address with the filter shown (not the page): the same rows as the list, all of them. */
function exportHref(format: 'xlsx' | 'csv', filter: Filter, author: boolean): string {
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ''));
  if (author) query.set('author', '1');
  const text = query.toString();
  return `/api/register.${format}${text ? `?${text}` : ''}`;
}

export function Screen({ props }: ScreenProps<'register'>) {
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [qError, setQError] = useState<string | null>(null);
  const [dateErrors, setDateErrors] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const [page, setPage] = useState(1);
  const list = useLoad(() => getJson<RegisterListResponse>('/api/register', { ...filter, page }), [filter, page]);
  const select = (key: keyof Filter, label: string, options: [string, string][]) => (
    <Field id={`register-${key}`} label={label}>
      {(c) => (
        <select {...c} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: inputValue(e) })}>
          <option value="">все</option>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <>
      {props.mayWrite && (
        <p>
          <a class="button" id="register-new" href="/register/new">
            Новая запись
          </a>
        </p>
      )}
      <form
        id="register-filters"
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = draft.q.trim();
          const from = dateProblem(draft.from);
          const to = dateProblem(draft.to) ?? (!from && draft.from && draft.to && draft.to < draft.from ? 'Конец периода раньше начала' : null);
          const dates = { from, to };
          setDateErrors(dates);
          setQError(q !== '' && q.length < 3 ? 'Не короче трёх букв: найдётся любая часть слова' : null);
          if ((q !== '' && q.length < 3) || dates.from || dates.to) return;
          setPage(1);
          setFilter({ ...draft, q });
        }}
      >
        <Field id="register-q" label="Слова в записи" hint="часть слова тоже: «очеред»" error={qError}>
          {(c) => <input {...c} type="search" maxLength={100} value={draft.q} onInput={(e) => setDraft({ ...draft, q: inputValue(e) })} />}
        </Field>
        {select('channel', 'Канал', Object.entries(REGISTER_CHANNEL_LABEL))}
        {props.offices.length > 1 && select('office', 'Отдел', props.offices.map((o) => [o.id, o.name]))}
        {select('tone', 'Тон', Object.entries(TONE_LABEL))}
        {select('status', 'Состояние', Object.entries(REGISTER_STATUS_LABEL))}
        {select('due', 'Срок', [
          ['soon', 'скоро срок'],
          ['overdue', 'просрочено'],
        ])}
        <DateField id="register-from" label="Поступило с" value={draft.from} error={dateErrors.from} onChange={(from) => setDraft({ ...draft, from })} />
        <DateField id="register-to" label="по" value={draft.to} error={dateErrors.to} onChange={(to) => setDraft({ ...draft, to })} />
        <div class="buttons">
          <button type="submit">Показать</button>
        </div>
      </form>
      {list.error && <Failed message={list.error} retry={list.reload} />}
      {!list.data ? (
        !list.error && <Loading what="реестр" />
      ) : list.data.total === 0 ? (
        <Empty>Нет записей по этим условиям.</Empty>
      ) : (
        <>
          <p id="register-count" aria-live="polite">
            Записей: {number(list.data.total, 0)}; сроки на {dayText(list.data.today)}.
          </p>
          <p class="register-export" id="register-export">
            Выгрузить отобранное: <a href={exportHref('xlsx', filter, false)}>XLSX</a> · <a href={exportHref('csv', filter, false)}>CSV</a>
            {props.mayExportAuthors && (
              <>
                {' '}
                · с данными авторов (выгрузка записывается в журнал): <a href={exportHref('xlsx', filter, true)}>XLSX</a> · <a href={exportHref('csv', filter, true)}>CSV</a>
              </>
            )}
          </p>
          <DataTable id="register-table" caption="Реестр обращений" captionHidden columns={COLUMNS} rows={list.data.rows} rowKey={(r) => r.id} rowProps={(r) => ({ 'data-entry': r.id })} />
          {pages > 1 && (
            <nav class="register-paging" aria-label="Страницы реестра">
              <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Назад
              </button>
              <span>
                Страница {page} из {pages}
              </span>
              <button type="button" class="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Дальше
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}
