import { questionByKey, type QuestionKey } from '../../../../shared/surveys.ts';
import { ScaleButtons } from '../../components/scale-buttons.tsx';
import { SurveyFrame } from '../../components/survey-frame.tsx';
import { draft, steps } from '../../state/app-state.ts';
import { answer, back } from '../../state/survey-actions.ts';

/** One scale question per screen; a tap answers and moves on. */
export function QuestionScreen(props: { questionKey: QuestionKey }) {
  const d = draft.value;
  if (!d) return null;
  const question = questionByKey(props.questionKey);
  const hint = `${question.max === 10 ? 'Выберите от 0 до 10' : 'Выберите от 1 до 5'}, где ${question.min} — ${question.minLabel}, ${question.max} — ${question.maxLabel}.`;
  return (
    <SurveyFrame step={d.step} total={steps.value.length} headingId="question" heading={question.text} spoken={hint} onBack={back}>
      <p class="hint">{hint}</p>
      <ScaleButtons question={question} value={d.answers[props.questionKey]} labelledBy="question" onAnswer={(v) => answer(props.questionKey, v)} />
    </SurveyFrame>
  );
}
