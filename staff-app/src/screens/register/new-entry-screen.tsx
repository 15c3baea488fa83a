import { useState } from 'preact/hooks';
import type { RegisterSavedResponse } from '../../../../shared/api/register.ts';
import { newRecordId } from '../../../../shared/ids.ts';
import { REGISTER_CHANNEL_LABEL, TONE_LABEL } from '../../../../shared/register-words.ts';
import { REGISTER_TOPICS } from '../../../../shared/register-topics.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { DateField } from '../../components/date-field.tsx';
import { DateTimeField } from '../../components/date-time-field.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { Notice } from '../../components/states.tsx';
import { checkDraft, emptyDraft, FIELD_OF_PATH, isWebChannel, type EntryDraft, type FormChannel } from './entry-form-state.ts';
import './register.css';

/**
 * A new entry of the register, one form for each channel people type in: the book of reviews
 * (date, text, whether the author left an address), the hotline (time, office, topic, summary,
 * whether a call-back is due), written appeals (received, author, text), social-network polls
 * (link, platform, question, results) and reviews on open resources (link, platform, text, tone).
 * The hub offers only the channels this user owns (shared/register-access.ts). Errors are shown
 * next to their fields. The entry's id is made when the form opens, so sending it twice stores it once.
 */
const SUMMARY_LABEL: Record<FormChannel, string> = {
  'book-of-reviews': 'Текст записи в книге',
  hotline: 'Кратко о звонке',
  'written-appeal': 'Текст обращения (кратко)',
  'social-poll': 'Выводы по опросу (кратко)',
  'open-resource': 'Текст отзыва',
};
const DAY_LABEL: Record<FormChannel, string> = {
  'book-of-reviews': 'Дата записи в книге',
  hotline: 'Дата звонка',
  'written-appeal': 'Дата поступления',
  'social-poll': 'Дата опроса',
  'open-resource': 'Дата публикации отзыва',
};
type Errors = Partial<Record<keyof EntryDraft, string>>;

export function Screen({ props }: ScreenProps<'register-new'>) {
  const channels = props.channels as FormChannel[];
  const [draft, setDraft] = useState<EntryDraft>(() => ({ ...emptyDraft(props.offices.length === 1 ? props.offices[0]!.id : '', props.today), channel: channels[0] ?? 'book-of-reviews' }));
  const [errors, setErrors] = useState<Errors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [id] = useState(newRecordId);
  const set = <K extends keyof EntryDraft>(key: K, value: EntryDraft[K]) => setDraft({ ...draft, [key]: value });

  const text = (key: keyof EntryDraft, label: string, hint?: string, max = 200) => (
    <Field id={`entry-${key}`} label={label} {...(hint ? { hint } : {})} error={errors[key] ?? null}>
      {(c) => <input {...c} type="text" maxLength={max} value={String(draft[key])} onInput={(e) => set(key, inputValue(e) as never)} />}
    </Field>
  );
  const check = (key: 'leftAddress' | 'callbackDue', label: string) => (
    <div class="field">
      <label>
        <input id={`entry-${key}`} type="checkbox" checked={draft[key]} onChange={(e) => set(key, (e.currentTarget as HTMLInputElement).checked)} /> {label}
      </label>
    </div>
  );

  async function submit(e: Event) {
    e.preventDefault();
    const checked = checkDraft(draft, props.today);
    if (!checked.ok) {
      setErrors(checked.errors);
      setNotice('Проверьте поля, отмеченные красным.');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = await sendJson<RegisterSavedResponse>('POST', '/api/register', { ...checked.body, id });
      location.assign(`/register/${saved.entryId}`);
    } catch (error) {
      const fields = error instanceof ApiFailure ? error.fields : {};
      const mapped: Errors = {};
      for (const [path, message] of Object.entries(fields)) {
        const field = FIELD_OF_PATH[path];
        if (field) mapped[field] = message;
      }
      setErrors(mapped);
      setNotice(error instanceof Error ? error.message : 'Не удалось сохранить запись.');
    } finally {
      setBusy(false);
    }
  }

  if (channels.length === 0) return <Notice error text="Вам не доступен ни один канал реестра." />;
  if (props.offices.length === 0) return <Notice error text="Вам не доступен ни один отдел: записи в реестр вносят сотрудники отдела, сектор клиентского опыта и администратор." />;
  return (
    <form id="register-entry-form" class="register-form" noValidate onSubmit={(e) => void submit(e)}>
      <Field id="entry-channel" label="Откуда запись">
        {(c) => (
          <select {...c} value={draft.channel} onChange={(e) => set('channel', inputValue(e) as FormChannel)}>
            {channels.map((ch) => (
              <option key={ch} value={ch}>
                {REGISTER_CHANNEL_LABEL[ch]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="entry-officeId" label={draft.channel === 'hotline' ? 'Какого отдела касается звонок' : isWebChannel(draft.channel) ? 'Какого отдела касается' : 'Отдел'} error={errors.officeId ?? null}>
        {(c) => (
          <select {...c} value={draft.officeId} onChange={(e) => set('officeId', inputValue(e))}>
            {props.offices.length > 1 && <option value="">выберите отдел</option>}
            {props.offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.channel === 'hotline' ? (
        <DateTimeField id="entry-calledAt" dateLabel="Дата звонка" timeLabel="Время звонка, московское" value={draft.calledAt} error={errors.calledAt ?? null} max={props.today} today={props.today} onChange={(v) => set('calledAt', v)} />
      ) : (
        <DateField id="entry-receivedOn" label={DAY_LABEL[draft.channel]} value={draft.receivedOn} error={errors.receivedOn ?? null} required max={props.today} today={props.today} onChange={(v) => set('receivedOn', v)} />
      )}
      {draft.channel === 'written-appeal' && text('incomingNumber', 'Входящий номер', 'если уже присвоен', 60)}
      {isWebChannel(draft.channel) && text('link', 'Ссылка на публикацию', 'https://…', 500)}
      {isWebChannel(draft.channel) && text('platform', 'Площадка', 'ВКонтакте, Одноклассники, Telegram, Яндекс Карты, 2ГИС…', 60)}
      {draft.channel === 'social-poll' && text('question', 'Вопрос опроса', undefined, 500)}
      {draft.channel === 'social-poll' && (
        <Field id="entry-results" label="Результаты опроса" hint="варианты ответа и число голосов, как в соцсети" error={errors.results ?? null}>
          {(c) => <textarea {...c} maxLength={2000} value={draft.results} onInput={(e) => set('results', (e.currentTarget as HTMLTextAreaElement).value)} />}
        </Field>
      )}
      <Field id="entry-topic" label="Тема">
        {(c) => (
          <select {...c} value={draft.topic} onChange={(e) => set('topic', inputValue(e))}>
            <option value="">не указана</option>
            {REGISTER_TOPICS.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="entry-summary" label={SUMMARY_LABEL[draft.channel]} error={errors.summary ?? null}>
        {(c) => <textarea {...c} maxLength={4000} value={draft.summary} onInput={(e) => set('summary', (e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <Field id="entry-tone" label="Тон">
        {(c) => (
          <select {...c} value={draft.tone} onChange={(e) => set('tone', inputValue(e) as EntryDraft['tone'])}>
            {Object.entries(TONE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {!isWebChannel(draft.channel) && (
        <fieldset>
          <legend>Автор (видят только отдел, сектор клиентского опыта и администратор)</legend>
          {draft.channel === 'book-of-reviews' && check('leftAddress', 'Автор оставил адрес: нужен письменный ответ в пятидневный срок')}
          {draft.channel === 'hotline' && check('callbackDue', 'Нужно перезвонить')}
          {(draft.channel !== 'book-of-reviews' || draft.leftAddress) && text('name', draft.channel === 'written-appeal' ? 'ФИО автора' : 'Имя (если назвался)')}
          {(draft.channel === 'written-appeal' || (draft.channel === 'book-of-reviews' && draft.leftAddress)) && text('address', 'Адрес для ответа', undefined, 500)}
          {draft.channel !== 'book-of-reviews' && text('contacts', 'Телефон или e-mail')}
        </fieldset>
      )}
      <Notice text={notice} error />
      <div class="buttons">
        <button type="submit" disabled={busy}>
          Сохранить запись
        </button>
        <a href="/register">К реестру</a>
      </div>
    </form>
  );
}
