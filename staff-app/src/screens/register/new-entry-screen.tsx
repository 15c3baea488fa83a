import { useState } from 'preact/hooks';
import type { RegisterSavedResponse } from '../../../../shared/api/register.ts';
import { newRecordId } from '../../../../shared/ids.ts';
import { REGISTER_CHANNEL_LABEL, TONE_LABEL } from '../../../../shared/register-words.ts';
import { REGISTER_TOPICS } from '../../../../shared/register-topics.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Notice } from '../../components/states.tsx';
import { checkDraft, emptyDraft, FIELD_OF_PATH, type EntryDraft, type FormChannel } from './entry-form-state.ts';
import './register.css';

/**
 * A new entry of the register, one form for each channel people type in: the book of reviews
 * (date, text, whether the author left an address), the hotline (time, office, topic, summary,
 * whether a call-back is due) and written appeals (received, author, text). Errors are shown next
 * to their fields. The entry's id is made when the form opens, so sending it twice stores it once.
 */
const CHANNELS: FormChannel[] = ['book-of-reviews', 'hotline', 'written-appeal'];
type Errors = Partial<Record<keyof EntryDraft, string>>;

export function Screen({ props }: ScreenProps<'register-new'>) {
  const [draft, setDraft] = useState<EntryDraft>(() => emptyDraft(props.offices.length === 1 ? props.offices[0]!.id : '', props.today));
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

  if (props.offices.length === 0) return <Notice error text="Вам не доступен ни один отдел: записи в реестр вносят сотрудники отдела, сектор клиентского опыта и администратор." />;
  const summaryLabel = draft.channel === 'hotline' ? 'Кратко о звонке' : draft.channel === 'written-appeal' ? 'Текст обращения (кратко)' : 'Текст записи в книге';
  return (
    <form id="register-entry-form" class="register-form" noValidate onSubmit={(e) => void submit(e)}>
      <Field id="entry-channel" label="Откуда запись">
        {(c) => (
          <select {...c} value={draft.channel} onChange={(e) => set('channel', inputValue(e) as FormChannel)}>
            {CHANNELS.map((ch) => (
              <option key={ch} value={ch}>
                {REGISTER_CHANNEL_LABEL[ch]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="entry-officeId" label={draft.channel === 'hotline' ? 'Какого отдела касается звонок' : 'Отдел'} error={errors.officeId ?? null}>
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
        <Field id="entry-calledAt" label="Дата и время звонка (московское)" error={errors.calledAt ?? null}>
          {(c) => <input {...c} type="datetime-local" value={draft.calledAt} onInput={(e) => set('calledAt', inputValue(e))} />}
        </Field>
      ) : (
        <Field id="entry-receivedOn" label={draft.channel === 'written-appeal' ? 'Дата поступления' : 'Дата записи в книге'} error={errors.receivedOn ?? null}>
          {(c) => <input {...c} type="date" max={props.today} value={draft.receivedOn} onInput={(e) => set('receivedOn', inputValue(e))} />}
        </Field>
      )}
      {draft.channel === 'written-appeal' && text('incomingNumber', 'Входящий номер', 'если уже присвоен', 60)}
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
      <Field id="entry-summary" label={summaryLabel} error={errors.summary ?? null}>
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
      <fieldset>
        <legend>Автор (видят только отдел, сектор клиентского опыта и администратор)</legend>
        {draft.channel === 'book-of-reviews' && check('leftAddress', 'Автор оставил адрес: нужен письменный ответ в пятидневный срок')}
        {draft.channel === 'hotline' && check('callbackDue', 'Нужно перезвонить')}
        {(draft.channel !== 'book-of-reviews' || draft.leftAddress) && text('name', draft.channel === 'written-appeal' ? 'ФИО автора' : 'Имя (если назвался)')}
        {(draft.channel === 'written-appeal' || (draft.channel === 'book-of-reviews' && draft.leftAddress)) && text('address', 'Адрес для ответа', undefined, 500)}
        {draft.channel !== 'book-of-reviews' && text('contacts', 'Телефон или e-mail')}
      </fieldset>
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
