import { useState } from 'preact/hooks';
import type { RegisterSavedResponse, StepBody } from '../../../../shared/api/register.ts';
import { newRecordId } from '../../../../shared/ids.ts';
import { MAX_EXTENSION_DAYS } from '../../../../shared/appeal-deadlines.ts';
import { STEP_LABEL, TONE_LABEL } from '../../../../shared/register-words.ts';
import { REGISTER_TOPICS } from '../../../../shared/register-topics.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { DateField } from '../../components/date-field.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { dateProblem } from '../../components/ru-date.ts';
import { Notice } from '../../components/states.tsx';

/**
 * One next step of an entry as a small form: its fields, the hub's refusal in Russian beside the
 * field it names (a second extension, a date in the future), and nothing saved unless all is well.
 */
type Step = StepBody['step'];
interface Input {
  key: string;
  label: string;
  kind: 'date' | 'text' | 'textarea' | 'number' | 'tone' | 'topic';
}

const FIELDS: Record<Step, Input[]> = {
  registered: [
    { key: 'registeredOn', label: 'Дата регистрации', kind: 'date' },
    { key: 'number', label: 'Регистрационный номер', kind: 'text' },
  ],
  extended: [
    { key: 'decidedOn', label: 'Дата решения о продлении', kind: 'date' },
    { key: 'days', label: `На сколько дней (до ${MAX_EXTENSION_DAYS})`, kind: 'number' },
    { key: 'noticeSentOn', label: 'Дата уведомления гражданина', kind: 'date' },
  ],
  redirected: [
    { key: 'on', label: 'Дата направления', kind: 'date' },
    { key: 'to', label: 'Куда направлено (орган, организация)', kind: 'text' },
  ],
  measures: [{ key: 'text', label: 'Принятые меры', kind: 'textarea' }],
  answered: [
    { key: 'on', label: 'Дата ответа', kind: 'date' },
    { key: 'summary', label: 'Содержание ответа', kind: 'textarea' },
  ],
  reclassified: [
    { key: 'tone', label: 'Тон', kind: 'tone' },
    { key: 'topic', label: 'Тема', kind: 'topic' },
  ],
  closed: [],
};

export function StepForm({ entryId, step, today, onSaved, onCancel }: { entryId: string; step: Step; today: string; onSaved: () => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS[step].map((f) => [f.key, f.kind === 'date' ? today : f.kind === 'tone' ? 'negative' : ''])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [id] = useState(newRecordId);

  async function submit(e: Event) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    for (const f of FIELDS[step]) {
      const value = values[f.key] ?? '';
      const problem = f.kind === 'date' ? dateProblem(value, { required: true, max: today, today }) : f.kind !== 'topic' && value.trim() === '' ? 'Заполните это поле' : null;
      if (problem) missing[f.key] = problem;
    }
    setErrors(missing);
    if (Object.keys(missing).length > 0) return setNotice('Проверьте поля, отмеченные красным.');
    const body: StepBody = { id, step };
    for (const f of FIELDS[step]) {
      const value = values[f.key] ?? '';
      if (f.kind === 'number') body[f.key] = Number(value);
      else if (f.kind === 'topic') body.topics = value ? [value] : [];
      else body[f.key] = value.trim();
    }
    try {
      await sendJson<RegisterSavedResponse>('POST', `/api/register/${entryId}/steps`, body);
      onSaved();
    } catch (error) {
      if (error instanceof ApiFailure) setErrors(error.fields);
      setNotice(error instanceof Error ? error.message : 'Не удалось сохранить.');
    }
  }

  const control = (f: Input) => (
    <Field key={f.key} id={`step-${f.key}`} label={f.label} error={errors[f.key] ?? null}>
      {(c) =>
        f.kind === 'textarea' ? (
          <textarea {...c} maxLength={4000} value={values[f.key]} onInput={(e) => setValues({ ...values, [f.key]: (e.currentTarget as HTMLTextAreaElement).value })} />
        ) : f.kind === 'tone' || f.kind === 'topic' ? (
          <select {...c} value={values[f.key]} onChange={(e) => setValues({ ...values, [f.key]: inputValue(e) })}>
            {f.kind === 'topic' && <option value="">не указана</option>}
            {(f.kind === 'tone' ? Object.entries(TONE_LABEL) : REGISTER_TOPICS.map((t) => [t.id, t.name])).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        ) : f.kind === 'number' ? (
          <input {...c} type="number" min={1} max={MAX_EXTENSION_DAYS} value={values[f.key]} onInput={(e) => setValues({ ...values, [f.key]: inputValue(e) })} />
        ) : (
          <input {...c} type="text" maxLength={300} value={values[f.key]} onInput={(e) => setValues({ ...values, [f.key]: inputValue(e) })} />
        )
      }
    </Field>
  );
  const dateControl = (f: Input) => (
    <DateField key={f.key} id={`step-${f.key}`} label={f.label} value={values[f.key] ?? ''} error={errors[f.key] ?? null} required max={today} today={today} onChange={(v) => setValues({ ...values, [f.key]: v })} />
  );

  return (
    <form class="register-form" id={`step-${step}`} noValidate onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{STEP_LABEL[step]}</legend>
        {FIELDS[step].map((f) => (f.kind === 'date' ? dateControl(f) : control(f)))}
        {step === 'closed' && <p>Закрыть запись? После закрытия шаги по ней не добавляются.</p>}
        <Notice text={notice} error />
        <div class="buttons">
          <button type="submit">{step === 'closed' ? 'Закрыть запись' : 'Сохранить'}</button>
          <button type="button" class="secondary" onClick={onCancel}>
            Отмена
          </button>
        </div>
      </fieldset>
    </form>
  );
}
