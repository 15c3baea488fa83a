import type { ScaleQuestion } from '../../../shared/surveys.ts';

/**
 * One scale question's buttons (1–5 or 0–10), end labels under the ends. The buttons are toggle
 * buttons (aria-pressed) inside a group named by the question, so a screen reader says
 * "5 — полностью соответствовала, кнопка, нажата" when the client comes back to it.
 */
export function ScaleButtons(props: { question: Pick<ScaleQuestion, 'min' | 'max' | 'minLabel' | 'maxLabel'>; value: number | undefined; labelledBy: string; onAnswer: (value: number) => void }) {
  const { question } = props;
  const values = Array.from({ length: question.max - question.min + 1 }, (_, i) => question.min + i);
  return (
    <div class="scale" data-count={values.length}>
      <div class="scale-buttons" role="group" aria-labelledby={props.labelledBy}>
        {values.map((v) => {
          const end = v === question.min ? question.minLabel : v === question.max ? question.maxLabel : null;
          return (
            <button
              type="button"
              key={v}
              class="scale-button"
              aria-pressed={props.value === v}
              aria-label={end ? `${v} — ${end}` : String(v)}
              onClick={() => props.onAnswer(v)}
            >
              {v}
            </button>
          );
        })}
      </div>
      <div class="scale-ends" aria-hidden="true">
        <span>
          {question.min} — {question.minLabel}
        </span>
        <span>
          {question.max} — {question.maxLabel}
        </span>
      </div>
    </div>
  );
}
