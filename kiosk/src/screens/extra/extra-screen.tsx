import { SHORT_TEXT_MAX_LENGTH, type AnswerValue, type MultipleAnswer } from '../../../../shared/surveys/answer-types.ts';
import type { SurveyQuestion } from '../../../../shared/surveys/definition.ts';
import { ScaleButtons } from '../../components/scale-buttons.tsx';
import { SurveyFrame } from '../../components/survey-frame.tsx';
import { extra } from '../../state/app-state.ts';
import { answerExtra, backExtra, extraProgress, finishExtra, nextExtra, setExtraValue } from '../../state/extra-actions.ts';
import { TextEntry } from './text-entry.tsx';

/**
 * One question of a built survey per screen, rendered from the published version: a tap answers
 * scales, one choice and yes/no and moves on; several choices and text go on with «Далее».
 */
const YES_NO = [
  { id: 'yes', label: 'Да' },
  { id: 'no', label: 'Нет' },
];

function hintFor(q: SurveyQuestion): string {
  const optional = q.required ? '' : ' Необязательный вопрос.';
  switch (q.type) {
    case 'scale-5':
    case 'scale-10':
      return `Выберите от ${q.type === 'scale-5' ? 1 : 0} до ${q.type === 'scale-5' ? 5 : 10}.${optional}`;
    case 'multiple':
      return `Можно выбрать несколько.${optional}`;
    case 'text':
      return `Не указывайте имя и телефон — опрос анонимный.${optional}`;
    default:
      return `Выберите один ответ.${optional}`;
  }
}

export function ExtraScreen() {
  const d = extra.value;
  if (!d) return null;
  const q = d.survey.definition.questions[d.index]!;
  const { step, total } = extraProgress(d);
  const hint = hintFor(q);
  const value = d.answers[q.id];
  const tapType = q.type === 'scale-5' || q.type === 'scale-10' || q.type === 'single' || q.type === 'yes-no';
  const answered = value !== undefined;
  return (
    <SurveyFrame key={q.id} step={step} total={total} headingId="extra-question" heading={q.text} spoken={hint} onBack={backExtra} onFinish={() => void finishExtra(false)}>
      {q.type !== 'text' && <p class="hint">{hint}</p>}
      <QuestionBody q={q} value={value} />
      {(!tapType || (!q.required && !answered)) && (
        <div class="send-bar">
          <button type="button" class="button primary wide" disabled={q.required && !answered} onClick={nextExtra}>
            {answered ? 'Далее' : 'Пропустить'}
          </button>
        </div>
      )}
    </SurveyFrame>
  );
}

function QuestionBody(props: { q: SurveyQuestion; value: AnswerValue | undefined }) {
  const { q, value } = props;
  switch (q.type) {
    case 'scale-5':
    case 'scale-10': {
      const min = q.type === 'scale-5' ? 1 : 0;
      return <ScaleButtons question={{ min, max: min === 1 ? 5 : 10, minLabel: q.minLabel, maxLabel: q.maxLabel }} value={value as number | undefined} labelledBy="extra-question" onAnswer={answerExtra} />;
    }
    case 'yes-no':
      return <Choices options={YES_NO} pressed={(id) => value === (id === 'yes')} onPick={(id) => answerExtra(id === 'yes')} />;
    case 'single':
      return <Choices options={q.options} pressed={(id) => value === id} onPick={answerExtra} />;
    case 'text':
      return <TextEntry id="extra-text" label={hintFor(q)} value={(value as string | undefined) ?? ''} maxLength={SHORT_TEXT_MAX_LENGTH} onChange={(text) => setExtraValue(text.trim() === '' ? undefined : text)} />;
    case 'multiple': {
      const current = (value as MultipleAnswer | undefined) ?? { chosen: [], other: null };
      const set = (next: MultipleAnswer) => setExtraValue(next.chosen.length === 0 && next.other === null ? undefined : next);
      const toggle = (id: string) => set({ ...current, chosen: current.chosen.includes(id) ? current.chosen.filter((c) => c !== id) : [...current.chosen, id] });
      return (
        <>
          <Choices options={q.options} pressed={(id) => current.chosen.includes(id)} onPick={toggle} />
          {q.other && <TextEntry id="extra-other" label="Другое (напишите, если нет в списке)" value={current.other ?? ''} maxLength={SHORT_TEXT_MAX_LENGTH} onChange={(text) => set({ ...current, other: text.trim() === '' ? null : text })} />}
        </>
      );
    }
  }
}

function Choices(props: { options: readonly { id: string; label: string }[]; pressed: (id: string) => boolean; onPick: (id: string) => void }) {
  return (
    <div class="service-list" role="group" aria-labelledby="extra-question">
      {props.options.map((o) => (
        <button type="button" key={o.id} class="button choice" aria-pressed={props.pressed(o.id)} onClick={() => props.onPick(o.id)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
