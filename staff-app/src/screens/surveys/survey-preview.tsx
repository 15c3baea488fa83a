import { useState } from 'preact/hooks';
import { shownQuestions, withoutHidden } from '../../../../shared/surveys/answer-check.ts';
import type { AnswerValue, MultipleAnswer, SurveyAnswers } from '../../../../shared/surveys/answer-types.ts';
import type { SurveyDefinition, SurveyQuestion } from '../../../../shared/surveys/definition.ts';

/**
 * The survey as a client will see it, on a kiosk-sized (1280 × 800, drawn at half size) or a
 * phone-sized (360 × 640) frame: the introduction, then one question per screen as the kiosk shows
 * it, following the show-if conditions (shared/surveys/answer-check.ts, the kiosk's own check).
 * Drawn by the staff app: the kiosk's components live on its signals and would bring the kiosk in.
 */
type Size = 'kiosk' | 'phone';
const YES_NO = [
  { id: 'yes', label: 'Да' },
  { id: 'no', label: 'Нет' },
];

export function SurveyPreview({ definition }: { definition: SurveyDefinition }) {
  const [size, setSize] = useState<Size>('kiosk');
  const [answers, setAnswers] = useState<SurveyAnswers>({});
  const [step, setStep] = useState(-1);
  const shown = shownQuestions(definition, answers);
  const q = step >= 0 ? shown[step] : undefined;
  const finished = step >= shown.length;
  const restart = () => {
    setAnswers({});
    setStep(-1);
  };
  const answer = (value: AnswerValue | undefined, advance: boolean) => {
    if (!q) return;
    const next = { ...answers };
    if (value === undefined) delete next[q.id];
    else next[q.id] = value;
    setAnswers(withoutHidden(definition, next));
    if (advance) setStep(step + 1);
  };
  return (
    <section class="survey-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Предпросмотр</h2>
      <div class="survey-row" role="radiogroup" aria-label="Размер экрана">
        {(['kiosk', 'phone'] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="preview-size" checked={size === s} onChange={() => setSize(s)} /> {s === 'kiosk' ? 'Киоск (1280 × 800)' : 'Телефон (360 × 640)'}
          </label>
        ))}
        <button type="button" class="secondary" onClick={restart}>
          Сначала
        </button>
      </div>
      <div class={`preview-holder preview-${size}`}>
        <div class="preview-screen" id="preview-screen" data-size={size}>
          {step < 0 ? (
            <>
              <h3 class="preview-heading">{definition.meta.title || 'Без названия'}</h3>
              {definition.meta.introduction && <p>{definition.meta.introduction}</p>}
              <p class="preview-hint">Вопросов: {shown.length}{shown.length < definition.questions.length ? ' (остальные — по ответам)' : ''}</p>
              <button type="button" class="preview-button primary" disabled={shown.length === 0} onClick={() => setStep(0)}>
                Начать
              </button>
            </>
          ) : finished || !q ? (
            <>
              <h3 class="preview-heading">Спасибо!</h3>
              <p>Ответы записаны. (В предпросмотре ничего не сохраняется.)</p>
              <button type="button" class="preview-button" onClick={restart}>
                Пройти снова
              </button>
            </>
          ) : (
            <>
              <p class="preview-step">
                Вопрос {step + 1} из {shown.length}
              </p>
              <h3 class="preview-heading" id="preview-question">
                {q.text || 'Текст вопроса'}
              </h3>
              <PreviewBody q={q} value={answers[q.id]} onAnswer={answer} />
              <div class="preview-bar">
                <button type="button" class="preview-button" onClick={() => setStep(step - 1)}>
                  Назад
                </button>
                {(q.type === 'multiple' || q.type === 'text' || !q.required) && (
                  <button type="button" class="preview-button primary" disabled={q.required && answers[q.id] === undefined} onClick={() => setStep(step + 1)}>
                    {answers[q.id] === undefined ? 'Пропустить' : 'Далее'}
                  </button>
                )}
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function PreviewBody({ q, value, onAnswer }: { q: SurveyQuestion; value: AnswerValue | undefined; onAnswer: (v: AnswerValue | undefined, advance: boolean) => void }) {
  switch (q.type) {
    case 'scale-5':
    case 'scale-10': {
      const from = q.type === 'scale-5' ? 1 : 0;
      const points = Array.from({ length: q.type === 'scale-5' ? 5 : 11 }, (_, i) => from + i);
      return (
        <div>
          <div class="preview-scale" role="group" aria-labelledby="preview-question">
            {points.map((p) => (
              <button type="button" key={p} class="preview-button" aria-pressed={value === p} onClick={() => onAnswer(p, true)}>
                {p}
              </button>
            ))}
          </div>
          <div class="preview-ends">
            <span>{q.minLabel}</span>
            <span>{q.maxLabel}</span>
          </div>
        </div>
      );
    }
    case 'yes-no':
      return <Choices options={YES_NO} pressed={(id) => value === (id === 'yes')} onPick={(id) => onAnswer(id === 'yes', true)} />;
    case 'single':
      return <Choices options={q.options} pressed={(id) => value === id} onPick={(id) => onAnswer(id, true)} />;
    case 'text':
      return (
        <label class="preview-text">
          Ваш ответ (не указывайте имя и телефон)
          <textarea maxLength={300} value={typeof value === 'string' ? value : ''} onInput={(e) => onAnswer((e.currentTarget as HTMLTextAreaElement).value.trim() || undefined, false)} />
        </label>
      );
    case 'multiple': {
      const current = (value as MultipleAnswer | undefined) ?? { chosen: [], other: null };
      const set = (next: MultipleAnswer) => onAnswer(next.chosen.length === 0 && next.other === null ? undefined : next, false);
      return (
        <>
          <Choices options={q.options} pressed={(id) => current.chosen.includes(id)} onPick={(id) => set({ ...current, chosen: current.chosen.includes(id) ? current.chosen.filter((c) => c !== id) : [...current.chosen, id] })} />
          {q.other && (
            <label class="preview-text">
              Другое (напишите, если нет в списке)
              <input type="text" maxLength={300} value={current.other ?? ''} onInput={(e) => set({ ...current, other: (e.currentTarget as HTMLInputElement).value.trim() || null })} />
            </label>
          )}
        </>
      );
    }
  }
}

function Choices({ options, pressed, onPick }: { options: readonly { id: string; label: string }[]; pressed: (id: string) => boolean; onPick: (id: string) => void }) {
  return (
    <div class="preview-choices" role="group" aria-labelledby="preview-question">
      {options.map((o) => (
        <button type="button" key={o.id} class="preview-button" aria-pressed={pressed(o.id)} onClick={() => onPick(o.id)}>
          {o.label || 'Вариант'}
        </button>
      ))}
    </div>
  );
}
