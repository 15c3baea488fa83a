import { useEffect, useState } from 'preact/hooks';
import type { KioskSurvey } from '../../../../shared/protocol/kiosk-config.ts';
import type { AnswerValue } from '../../../../shared/surveys/answer-types.ts';
import { answerQuestionOfDay } from '../../state/extra-actions.ts';

/**
 * The question of the day on the welcome screen: one tap is a whole answer, saved to the outbox;
 * a short thank-you, then the question is there again for the next visitor.
 */
const THANKS_MS = 4000;

export function QuestionOfDay(props: { survey: KioskSurvey }) {
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setSaved(false), THANKS_MS);
    return () => clearTimeout(timer);
  }, [saved]);
  const q = props.survey.definition.questions[0]!;
  const options: { label: string; value: AnswerValue }[] =
    q.type === 'single'
      ? q.options.map((o) => ({ label: o.label, value: o.id }))
      : q.type === 'yes-no'
        ? [
            { label: 'Да', value: true },
            { label: 'Нет', value: false },
          ]
        : [1, 2, 3, 4, 5].map((v) => ({ label: String(v), value: v }));
  const tap = async (value: AnswerValue) => setSaved(await answerQuestionOfDay(props.survey, value));
  return (
    <section class="question-of-day" aria-labelledby="qod-title">
      <h2 id="qod-title">Вопрос дня: {q.text}</h2>
      {saved ? (
        <p role="status">Спасибо, ответ учтён!</p>
      ) : (
        <div class="service-list" role="group" aria-labelledby="qod-title">
          {options.map((o) => (
            <button type="button" key={o.label} class="button choice" onClick={() => void tap(o.value)}>
              {o.label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
