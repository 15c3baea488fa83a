import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommentEntry, CommentsResponse } from '../../../../shared/api/figures.ts';
import { ApiFailure, getJson, sendJson, url } from '../../api/client.ts';
import { REGISTER_STATUS_LABEL } from '../../../../shared/register-words.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed } from '../../components/states.tsx';
import { moscowDateTime, number } from '../../format.ts';
import { liveTick, periodKey } from './store.ts';

/**
 * The comments feed: newest first, filtered by office, scores and text, paged with a cursor. A
 * comment whose scores are low (any CSAT answer ≤ 3 or NPS ≤ 6) is marked «низкие оценки»: that is
 * a fact of its scores, not a reading of its words («Спасибо, всё хорошо!» can come with a 3).
 * A comment can be taken into work: it becomes a register entry for its office (issue 18), and the
 * feed shows how far that entry got.
 */
const ANSWER_LABEL: Record<string, string> = { csat1: 'ожидания', csat2: 'польза', csat3: 'в целом', ces: 'лёгкость', nps: 'рекомендация' };
type Filter = { office: string; tone: 'all' | 'negative' | 'other'; q: string };

/** A comment's or an alert's place in the register: its entry and state, or the button that takes it into work. */
export function InWork({ inWork, takeUrl, may }: { inWork: CommentEntry['inWork']; takeUrl: string; may: boolean }) {
  const [taken, setTaken] = useState(inWork?.entryId ?? null);
  const [error, setError] = useState<string | null>(null);
  if (inWork || taken) {
    return (
      <p class="in-work">
        <a href={`/register/${inWork?.entryId ?? taken}`}>{inWork?.status === 'closed' ? 'Закрыто' : 'В работе'}</a>
        {inWork && inWork.status !== 'closed' ? ` · ${REGISTER_STATUS_LABEL[inWork.status]}` : ''}
      </p>
    );
  }
  if (!may) return null;
  const take = async () => {
    try {
      const done = await sendJson<{ entryId: string }>('POST', takeUrl);
      setTaken(done.entryId);
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : 'Не удалось взять в работу.');
    }
  };
  return (
    <p class="in-work">
      <button type="button" class="secondary" onClick={() => void take()}>
        Взять в работу
      </button>
      {error && <span class="field-error"> {error}</span>}
    </p>
  );
}

function Entry({ e, mayTakeIntoWork }: { e: CommentEntry; mayTakeIntoWork: boolean }) {
  const answers = Object.entries(e.answers)
    .map(([k, v]) => `${ANSWER_LABEL[k] ?? k} ${v}`)
    .join(', ');
  return (
    <li class={e.negative ? 'comment low' : 'comment'} data-id={e.id}>
      <p class="meta">
        <time dateTime={e.bornAt}>{moscowDateTime(e.bornAt)}</time>
        {` · ${e.officeName} · ${e.channelLabel}`}
        {e.desk ? ` · ${e.desk}` : ''}
        {e.serviceName ? ` · ${e.serviceName}` : ''}
        {e.negative && <strong class="tone"> · низкие оценки</strong>}
        {e.complete ? '' : ' · анкета не закончена'}
      </p>
      <blockquote>{e.comment}</blockquote>
      {answers && <p class="answers">Оценки: {answers}</p>}
      <InWork inWork={e.inWork} takeUrl={`/api/comments/${e.id}/in-work`} may={mayTakeIntoWork} />
    </li>
  );
}

export function CommentsView({ offices, mayTakeIntoWork }: { offices: { id: string; name: string }[]; mayTakeIntoWork: boolean }) {
  const [draft, setDraft] = useState<Filter>({ office: '', tone: 'all', q: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const [entries, setEntries] = useState<CommentEntry[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(0);
  const query = () => ({ period: periodKey.value, office: filter.office, tone: filter.tone, q: filter.q.trim() });

  const load = async (append: boolean) => {
    try {
      const page = await getJson<CommentsResponse>('/api/comments', { ...query(), limit: 30, before: append ? next : null });
      setEntries(append ? [...entries, ...page.entries] : page.entries);
      setTotal(page.total);
      setNext(page.next);
      pages.current = append ? pages.current + 1 : 1;
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => void load(false), [filter, periodKey.value]);
  // Live: the first page is refreshed; a reader paging back is not disturbed.
  useEffect(() => {
    if (liveTick.value > 0 && pages.current <= 1) void load(false);
  }, [liveTick.value]);

  return (
    <>
      <form
        id="comments-form"
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...draft });
        }}
      >
        <Field id="comments-office" label="Отдел">
          {(c) => (
            <select {...c} value={draft.office} onChange={(e) => setDraft({ ...draft, office: inputValue(e) })}>
              <option value="">все</option>
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="comments-tone" label="Оценки">
          {(c) => (
            <select {...c} value={draft.tone} onChange={(e) => setDraft({ ...draft, tone: inputValue(e) as Filter['tone'] })}>
              <option value="all">все</option>
              <option value="negative">низкие оценки (CSAT ≤ 3 или NPS ≤ 6)</option>
              <option value="other">остальные</option>
            </select>
          )}
        </Field>
        <Field id="comments-search" label="Поиск в тексте">
          {(c) => <input {...c} type="search" maxLength={200} value={draft.q} onInput={(e) => setDraft({ ...draft, q: inputValue(e) })} />}
        </Field>
        <div class="buttons">
          <button type="submit">Найти</button>
          <a id="comments-export" href={url('/api/comments.csv', query())}>
            Выгрузить в CSV
          </a>
        </div>
      </form>
      {error && <Failed message={error} retry={() => void load(false)} />}
      <p id="comments-count" aria-live="polite">
        {total === null ? '' : total === 0 ? 'Нет отзывов с комментарием по этим условиям.' : `Отзывов с комментарием: ${number(total, 0)}`}
      </p>
      <ol id="comments-list" class="comments">
        {entries.map((e) => (
          <Entry key={e.id} e={e} mayTakeIntoWork={mayTakeIntoWork} />
        ))}
      </ol>
      {next !== null && (
        <button type="button" id="comments-more" class="secondary" onClick={() => void load(true)}>
          Показать ещё
        </button>
      )}
    </>
  );
}
