import { useState } from 'preact/hooks';
import type { RegisterAuthorResponse, RegisterEntryResponse, StepBody } from '../../../../shared/api/register.ts';
import type { Author, RegisterEvent } from '../../../../shared/register.ts';
import { REGISTER_CHANNEL_LABEL, TONE_LABEL } from '../../../../shared/register-words.ts';
import type { RegisterHistoryItem } from '../../../../shared/register-fold.ts';
import { DUE_LABEL, DUE_STATE_LABEL, REGISTER_STATUS_LABEL, STEP_LABEL } from '../../../../shared/register-words.ts';
import { topicName } from '../../../../shared/register-topics.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson } from '../../api/client.ts';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';
import { dayText, dueClass } from './register-words.ts';
import { StepForm } from './step-form.tsx';
import './register.css';

/**
 * One entry of the register: what was written, its due dates with their state, the history of its
 * steps, and the next steps as buttons that open their forms. The author's data is shown only on
 * request, to those who may see it, and the hub logs each time it is shown.
 */
export function Screen({ props, frame }: ScreenProps<'register-entry'>) {
  const loaded = useLoad(() => getJson<RegisterEntryResponse>(`/api/register/${encodeURIComponent(props.entryId)}`));
  const [open, setOpen] = useState<StepBody['step'] | null>(null);
  const [author, setAuthor] = useState<{ author: Author | null } | null>(null);
  const [authorError, setAuthorError] = useState<string | null>(null);
  if (!loaded.data) return loaded.error ? <Failed message={loaded.error} retry={loaded.reload} /> : <Loading what="запись" />;
  const { entry, dues, nextSteps, mayAuthor, officeName } = loaded.data;

  async function showAuthor() {
    try {
      setAuthor(await getJson<RegisterAuthorResponse>(`/api/register/${encodeURIComponent(entry.id)}/author`));
    } catch (error) {
      setAuthorError((error as Error).message);
    }
  }

  return (
    <>
      <p>
        <a href="/register">← К реестру</a>
      </p>
      <dl class="register-facts" id="entry-facts">
        <dt>Канал</dt>
        <dd>{REGISTER_CHANNEL_LABEL[entry.channel]}</dd>
        <dt>Отдел</dt>
        <dd>{officeName}</dd>
        <dt>Поступило</dt>
        <dd>{dayText(entry.receivedOn)}</dd>
        {entry.details.channel === 'hotline' && (
          <>
            <dt>Звонок</dt>
            <dd>
              {moscowDateTime(entry.details.calledAt)}
              {entry.details.callbackDue ? ', нужно перезвонить' : ''}
            </dd>
          </>
        )}
        {(entry.details.channel === 'social-poll' || entry.details.channel === 'open-resource') && (
          <>
            <dt>Площадка</dt>
            <dd>{entry.details.platform}</dd>
            <dt>Ссылка</dt>
            <dd>
              <a id="entry-link" href={entry.details.link} rel="noopener noreferrer nofollow" target="_blank">
                {entry.details.link}
              </a>
            </dd>
          </>
        )}
        {entry.details.channel === 'social-poll' && (
          <>
            <dt>Вопрос опроса</dt>
            <dd>{entry.details.question}</dd>
            <dt>Результаты</dt>
            <dd id="entry-results" class="pre-line">
              {entry.details.results}
            </dd>
          </>
        )}
        {entry.details.channel === 'mystery-shopper' && (
          <>
            <dt>Визит</dt>
            <dd>
              {frame.nav.some((l) => l.path === '/mystery-shopper') ? (
                <a id="entry-visit" href={`/mystery-shopper/visits/${entry.details.visitId}`}>
                  Визит тайного клиента: оценки по критериям, замечания, выводы
                </a>
              ) : (
                'визит тайного клиента (подробности — у сектора клиентского опыта и начальника отдела)'
              )}
            </dd>
          </>
        )}
        {entry.details.channel === 'written-appeal' && entry.details.incomingNumber && (
          <>
            <dt>Входящий номер</dt>
            <dd>{entry.details.incomingNumber}</dd>
          </>
        )}
        <dt>Состояние</dt>
        <dd id="entry-status">{REGISTER_STATUS_LABEL[entry.status]}</dd>
        <dt>Тон</dt>
        <dd>{TONE_LABEL[entry.tone]}</dd>
        <dt>Темы</dt>
        <dd>{entry.topics.length ? entry.topics.map(topicName).join(', ') : 'не указаны'}</dd>
        <dt>Содержание</dt>
        <dd id="entry-summary">{entry.summary}</dd>
        <dt>Автор</dt>
        <dd id="entry-author">
          {!entry.hasAuthor ? (
            'не оставил данных'
          ) : author ? (
            <span>{[author.author?.name, author.author?.address, author.author?.contacts].filter(Boolean).join('; ')}</span>
          ) : mayAuthor ? (
            <button type="button" class="link" onClick={() => void showAuthor()}>
              Показать данные автора (просмотр записывается в журнал)
            </button>
          ) : (
            'данные автора видят отдел, сектор клиентского опыта и администратор'
          )}
          {authorError && <Notice text={authorError} error />}
        </dd>
      </dl>

      <h2>Сроки</h2>
      {dues.length === 0 ? (
        <p class="muted">Ответ по этой записи не требуется.</p>
      ) : (
        <ul id="entry-dues">
          {dues.map((d) => (
            <li key={d.what} class={dueClass(d.state)}>
              {DUE_LABEL[d.what]}: до {dayText(d.due)} — {DUE_STATE_LABEL[d.state]}
              {d.doneOn ? ` (${dayText(d.doneOn)})` : ''}
            </li>
          ))}
        </ul>
      )}

      {nextSteps.length > 0 && (
        <>
          <h2>Следующий шаг</h2>
          {open ? (
            <StepForm
              entryId={entry.id}
              step={open}
              today={props.today}
              onCancel={() => setOpen(null)}
              onSaved={() => {
                setOpen(null);
                loaded.reload();
              }}
            />
          ) : (
            <div class="register-steps" id="entry-steps">
              {nextSteps.map((s) => (
                <button key={s} type="button" class={s === 'closed' ? 'secondary' : undefined} onClick={() => setOpen(s)}>
                  {STEP_LABEL[s]}
                </button>
              ))}
            </div>
          )}
        </>
      )}

      <h2>История</h2>
      <ol class="register-history" id="entry-history">
        {entry.history.map((h) => (
          <HistoryLine key={h.event.id} item={h} />
        ))}
      </ol>
    </>
  );
}

function HistoryLine({ item }: { item: RegisterHistoryItem }) {
  const e = item.event;
  return (
    <li class={item.problem ? 'refused' : undefined}>
      <strong>{STEP_LABEL[e.step]}</strong> — {moscowDateTime(e.bornAt)}, {e.by}
      {eventText(e) && <div>{eventText(e)}</div>}
      {item.problem && <div class="due-overdue">Не учтено: {item.problem}</div>}
    </li>
  );
}

function eventText(e: RegisterEvent): string {
  switch (e.step) {
    case 'registered':
      return `№ ${e.number} от ${dayText(e.registeredOn)}`;
    case 'extended':
      return `на ${e.days} дн., решение ${dayText(e.decidedOn)}, гражданин уведомлён ${dayText(e.noticeSentOn)}`;
    case 'redirected':
      return `${dayText(e.on)}: ${e.to}`;
    case 'measures':
      return e.text;
    case 'answered':
      return `${dayText(e.on)}: ${e.summary}`;
    case 'reclassified':
      return `тон: ${TONE_LABEL[e.tone]}; темы: ${e.topics.map(topicName).join(', ') || 'нет'}`;
    default:
      return '';
  }
}
