import { useEffect, useState } from 'preact/hooks';
import type { AnswerValue, MultipleAnswer } from '../../../../shared/surveys/answer-types.ts';
import { SHORT_TEXT_MAX_LENGTH } from '../../../../shared/surveys/answer-types.ts';
import type { SurveyQuestion } from '../../../../shared/surveys/definition.ts';

/**
 * One question's answer, tapped in by the employee with big buttons: a scale, yes/no or one option
 * is one tap that goes on to the next question; several options and a text are written, then
 * «Далее». `onAnswer(value, advance)`: the value (undefined: cleared) and whether to go on at once.
 */
export function QuestionInput({ q, value, onAnswer }: { q: SurveyQuestion; value: AnswerValue | undefined; onAnswer: (value: AnswerValue | undefined, advance: boolean) => void }) {
  switch (q.type) {
    case 'scale-5':
    case 'scale-10': {
      const points = q.type === 'scale-5' ? [1, 2, 3, 4, 5] : Array.from({ length: 11 }, (_, i) => i);
      return (
        <div class="ask-scale">
          <div class={`ask-choices ask-points-${points.length}`} role="group" aria-label={`Оценка: ${q.minLabel} — ${q.maxLabel}`}>
            {points.map((p) => (
              <button key={p} type="button" class="ask-choice" aria-pressed={value === p} onClick={() => onAnswer(p, true)}>
                {p}
              </button>
            ))}
          </div>
          <p class="ask-ends">
            <span>
              {points[0]} — {q.minLabel}
            </span>
            <span>
              {points.at(-1)} — {q.maxLabel}
            </span>
          </p>
        </div>
      );
    }
    case 'yes-no':
      return (
        <div class="ask-choices ask-wide" role="group" aria-label="Ответ">
          <button type="button" class="ask-choice" aria-pressed={value === true} onClick={() => onAnswer(true, true)}>
            Да
          </button>
          <button type="button" class="ask-choice" aria-pressed={value === false} onClick={() => onAnswer(false, true)}>
            Нет
          </button>
        </div>
      );
    case 'single':
      return (
        <div class="ask-choices ask-list" role="group" aria-label="Варианты ответа">
          {q.options.map((o) => (
            <button key={o.id} type="button" class="ask-choice" aria-pressed={value === o.id} onClick={() => onAnswer(o.id, true)}>
              {o.label}
            </button>
          ))}
        </div>
      );
    case 'multiple':
      return <MultipleInput q={q} value={typeof value === 'object' ? value : undefined} onAnswer={onAnswer} />;
    case 'text':
      return <TextInput id={q.id} value={typeof value === 'string' ? value : ''} onAnswer={onAnswer} />;
  }
}

function MultipleInput({ q, value, onAnswer }: { q: Extract<SurveyQuestion, { type: 'multiple' }>; value: MultipleAnswer | undefined; onAnswer: (value: AnswerValue | undefined, advance: boolean) => void }) {
  const chosen = value?.chosen ?? [];
  const [other, setOther] = useState(value?.other ?? '');
  const [otherOn, setOtherOn] = useState(value?.other != null);
  const save = (nextChosen: string[], nextOther: string, on: boolean) => {
    const text = on ? nextOther.trim() : '';
    onAnswer(nextChosen.length === 0 && text === '' ? undefined : { chosen: nextChosen, other: text === '' ? null : text }, false);
  };
  const toggle = (id: string) => save(chosen.includes(id) ? chosen.filter((c) => c !== id) : q.options.map((o) => o.id).filter((o) => o === id || chosen.includes(o)), other, otherOn);
  return (
    <div class="ask-choices ask-list" role="group" aria-label="Можно выбрать несколько">
      {q.options.map((o) => (
        <button key={o.id} type="button" class="ask-choice" aria-pressed={chosen.includes(o.id)} onClick={() => toggle(o.id)}>
          {o.label}
        </button>
      ))}
      {q.other && (
        <>
          <button type="button" class="ask-choice" aria-pressed={otherOn} onClick={() => (setOtherOn(!otherOn), save(chosen, other, !otherOn))}>
            Другое
          </button>
          {otherOn && (
            <label class="ask-text">
              Что именно (со слов посетителя)
              <input type="text" maxLength={SHORT_TEXT_MAX_LENGTH} value={other} onInput={(e) => (setOther(e.currentTarget.value), save(chosen, e.currentTarget.value, true))} />
            </label>
          )}
        </>
      )}
    </div>
  );
}

function TextInput({ id, value, onAnswer }: { id: string; value: string; onAnswer: (value: AnswerValue | undefined, advance: boolean) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [id]);
  return (
    <label class="ask-text">
      Ответ посетителя (коротко, его словами)
      <textarea rows={3} maxLength={SHORT_TEXT_MAX_LENGTH} value={text} onInput={(e) => (setText(e.currentTarget.value), onAnswer(e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value.trim(), false))} />
    </label>
  );
}
