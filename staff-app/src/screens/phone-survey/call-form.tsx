import { useState } from 'preact/hooks';
import type { Answers } from '../../../../shared/records.ts';
import type { CallOutcome, PhoneCall } from '../../../../shared/phone-survey.ts';
import { COMMENT_MAX_LENGTH, SURVEY_QUESTIONS, type QuestionKey } from '../../../../shared/surveys.ts';
import { ApiFailure, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';

/**
 * One call, as the operator works it: the survey's questions read out from the script (the
 * regulation's wording, shared/surveys.ts), the client's scores ticked as they answer, then one
 * of the outcomes. Nothing is sent until the operator presses an outcome.
 */
export function CallForm({ campaignId, call, officeName, onDone, onCancel }: { campaignId: string; call: PhoneCall; officeName: string; onDone: () => void; onCancel: () => void }) {
  const [answers, setAnswers] = useState<Answers>({});
  const [comment, setComment] = useState('');
  const [callBackAt, setCallBackAt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (outcome: CallOutcome) => {
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', `/api/phone-survey/campaigns/${campaignId}/calls/${call.id}`, outcome);
      onDone();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'Не удалось сохранить итог звонка.');
    } finally {
      setBusy(false);
    }
  };
  const answered = () => {
    if (Object.keys(answers).length === 0) return setError('Отметьте хотя бы одну оценку клиента или выберите другой итог звонка.');
    void send({ status: 'answered', answers, comment: comment.trim() === '' ? null : comment.trim() });
  };
  const callBack = () => {
    if (callBackAt === '') return setError('Укажите, когда перезвонить.');
    // datetime-local is the operator's wall clock, which here is Moscow time.
    void send({ status: 'call-back', callBackAt: `${callBackAt}:00+03:00` });
  };
  const pick = (key: QuestionKey, value: number) => setAnswers({ ...answers, [key]: value });

  return (
    <section class="phone-call" aria-labelledby="phone-call-title">
      <h3 id="phone-call-title">
        Звонок: <a href={`tel:${call.phone ?? ''}`}>{call.phone}</a>
      </h3>
      <p>
        {officeName}, услуга {call.serviceDate.split('-').reverse().join('.')}; попыток: {call.attempts}
      </p>
      {SURVEY_QUESTIONS.map((q) => (
        <fieldset key={q.key} class="phone-scale">
          <legend>{q.text}</legend>
          <div>
            {Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i).map((v) => (
              <label key={v}>
                <input type="radio" name={`phone-${q.key}`} value={v} checked={answers[q.key] === v} onChange={() => pick(q.key, v)} />
                {v}
              </label>
            ))}
          </div>
          <small>
            {q.min} — {q.minLabel}; {q.max} — {q.maxLabel}. Не ответил — оставьте пустым.
          </small>
        </fieldset>
      ))}
      <Field id="phone-comment" label="Что клиент сказал своими словами (необязательно)">
        {(c) => <textarea {...c} maxLength={COMMENT_MAX_LENGTH} value={comment} onInput={(e) => setComment(inputValue(e))} />}
      </Field>
      <div class="phone-outcomes">
        <button type="button" id="phone-answered" disabled={busy} onClick={answered}>
          Ответил — сохранить анкету
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void send({ status: 'refused' })}>
          Отказался
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void send({ status: 'no-answer' })}>
          Не ответил
        </button>
        <span class="phone-callback">
          <Field id="phone-callback-at" label="Перезвонить (время московское)">
            {(c) => <input {...c} type="datetime-local" value={callBackAt} onInput={(e) => setCallBackAt(inputValue(e))} />}
          </Field>
          <button type="button" class="secondary" disabled={busy} onClick={callBack}>
            Перезвонить
          </button>
        </span>
        <button type="button" class="link" onClick={onCancel}>
          Отмена
        </button>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
