import type { SurveyQuestion } from '../../../../shared/surveys/definition.ts';
import { QUESTION_TYPE_LABEL, QUESTION_TYPES, type QuestionType } from '../../../../shared/surveys/survey-words.ts';
import { questionValues } from '../../../../shared/surveys/question-values.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { changeType, errorAt, nextId, type FieldErrors } from './builder-state.ts';

/**
 * One question in the builder: its text and type, required or not, the scale's end labels or the
 * choices (with «другое» for several), and the condition to show it on an earlier answer.
 */
interface Props {
  question: SurveyQuestion;
  index: number;
  /** The questions before this one: the only ones a condition may name. */
  earlier: SurveyQuestion[];
  count: number;
  errors: FieldErrors;
  onChange: (q: SurveyQuestion) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}

export function QuestionEditor({ question: q, index, earlier, count, errors, onChange, onMove, onRemove }: Props) {
  const key = `q${index}`;
  const err = (path: string) => errorAt(errors, `questions.${index}.${path}`);
  const number = index + 1;
  const conditionable = earlier.filter((e) => e.type !== 'text');
  const condition = q.showIf ? conditionable.find((e) => e.id === q.showIf!.questionId) : undefined;
  return (
    <fieldset class="survey-question" data-question={q.id}>
      <legend>
        Вопрос {number}: {QUESTION_TYPE_LABEL[q.type]}
      </legend>
      <div class="survey-question-tools">
        <button type="button" class="secondary" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Поднять вопрос ${number}`}>
          ↑
        </button>
        <button type="button" class="secondary" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Опустить вопрос ${number}`}>
          ↓
        </button>
        <button type="button" class="secondary" onClick={onRemove} aria-label={`Удалить вопрос ${number}`}>
          Удалить
        </button>
      </div>
      <Field id={`${key}-text`} label={`Текст вопроса ${number}`} error={err('text') ?? err('id')}>
        {(c) => <input {...c} type="text" maxLength={300} value={q.text} onInput={(e) => onChange({ ...q, text: inputValue(e) })} />}
      </Field>
      <QuestionTypeField id={`${key}-type`} label={`Тип вопроса ${number}`} value={q.type} onChange={(type) => onChange(changeType(q, type))} />
      <div class="field">
        <label>
          <input id={`${key}-required`} type="checkbox" checked={q.required} onChange={(e) => onChange({ ...q, required: (e.currentTarget as HTMLInputElement).checked })} /> Обязательный вопрос
        </label>
      </div>
      {(q.type === 'scale-5' || q.type === 'scale-10') && (
        <div class="survey-row">
          <Field id={`${key}-min`} label={`Подпись у ${q.type === 'scale-5' ? '1' : '0'}`} error={err('minLabel')}>
            {(c) => <input {...c} type="text" maxLength={60} value={q.minLabel} onInput={(e) => onChange({ ...q, minLabel: inputValue(e) })} />}
          </Field>
          <Field id={`${key}-max`} label={`Подпись у ${q.type === 'scale-5' ? '5' : '10'}`} error={err('maxLabel')}>
            {(c) => <input {...c} type="text" maxLength={60} value={q.maxLabel} onInput={(e) => onChange({ ...q, maxLabel: inputValue(e) })} />}
          </Field>
        </div>
      )}
      {(q.type === 'single' || q.type === 'multiple') && (
        <div class="survey-options" role="group" aria-label={`Варианты ответа на вопрос ${number}`}>
          {q.options.map((o, k) => (
            <div class="survey-option" key={o.id}>
              <Field id={`${key}-option-${k}`} label={`Вариант ${k + 1}`} error={err(`options.${k}.label`) ?? err(`options.${k}.id`)}>
                {(c) => <input {...c} type="text" maxLength={120} value={o.label} onInput={(e) => onChange({ ...q, options: q.options.map((x, j) => (j === k ? { ...x, label: inputValue(e) } : x)) })} />}
              </Field>
              <button type="button" class="secondary" disabled={q.options.length <= 2} aria-label={`Убрать вариант ${k + 1} вопроса ${number}`} onClick={() => onChange({ ...q, options: q.options.filter((_, j) => j !== k) })}>
                Убрать
              </button>
            </div>
          ))}
          {err('options') && <small class="field-error">{err('options')}</small>}
          <button type="button" class="secondary" disabled={q.options.length >= 20} onClick={() => onChange({ ...q, options: [...q.options, { id: nextId('o', q.options.map((o) => o.id)), label: '' }] })}>
            Добавить вариант
          </button>
          {q.type === 'multiple' && (
            <div class="field">
              <label>
                <input id={`${key}-other`} type="checkbox" checked={q.other} onChange={(e) => onChange({ ...q, other: (e.currentTarget as HTMLInputElement).checked })} /> Вариант «другое» со словами клиента
              </label>
            </div>
          )}
        </div>
      )}
      {index > 0 && (
        <div class="survey-condition">
          <Field id={`${key}-showif`} label={`Показывать вопрос ${number}`} error={err('showIf') ?? err('showIf.values')}>
            {(c) => (
              <select
                {...c}
                value={q.showIf?.questionId ?? ''}
                onChange={(e) => {
                  const id = inputValue(e);
                  onChange({ ...q, showIf: id === '' ? null : { questionId: id, values: [] } });
                }}
              >
                <option value="">всегда</option>
                {conditionable.map((e) => (
                  <option key={e.id} value={e.id}>
                    если ответ на вопрос {earlier.indexOf(e) + 1} («{e.text || 'без текста'}») —
                  </option>
                ))}
              </select>
            )}
          </Field>
          {condition && q.showIf && (
            <fieldset class="survey-values">
              <legend>Ответы, при которых вопрос {number} показывается</legend>
              {questionValues(condition).map((v) => (
                <label key={v.value}>
                  <input
                    type="checkbox"
                    checked={q.showIf!.values.includes(v.value)}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      const values = on ? [...q.showIf!.values, v.value] : q.showIf!.values.filter((x) => x !== v.value);
                      onChange({ ...q, showIf: { questionId: q.showIf!.questionId, values } });
                    }}
                  />{' '}
                  {v.label}
                </label>
              ))}
            </fieldset>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** The choice of a question's type: in each question, and for the next question to add. */
export function QuestionTypeField({ id, label, value, onChange }: { id: string; label: string; value: QuestionType; onChange: (type: QuestionType) => void }) {
  return (
    <Field id={id} label={label}>
      {(c) => (
        <select {...c} value={value} onChange={(e) => onChange(inputValue(e) as QuestionType)}>
          {QUESTION_TYPES.map((t) => (
            <option key={t} value={t}>
              {QUESTION_TYPE_LABEL[t]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
