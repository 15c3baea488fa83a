import type { Criterion } from '../../../../shared/api/mystery-shopper.ts';
import { LIMITS, MARK_LABEL, MARKS, type Mark } from '../../../../shared/mystery-shopper-words.ts';
import { inputValue } from '../../components/field.tsx';
import { percent } from './ms-format.ts';
import type { MarkDraft } from './visit-form-state.ts';

/**
 * The checklist on a visit's form: each criterion under its heading with its weight, the four
 * marks as radio buttons, a note, the error beside it; the score above, recomputed as marks change.
 */
export function MarksFieldset({ criteria, marks, errors, score, onChange }: { criteria: Criterion[]; marks: Record<string, MarkDraft>; errors: Record<string, string>; score: number | null; onChange: (id: string, patch: Partial<MarkDraft>) => void }) {
  return (
    <fieldset class="ms-marks" aria-describedby={errors.marks ? 'ms-marks-error' : undefined}>
      <legend>Оценка по критериям</legend>
      <p class="ms-live-score" aria-live="polite" id="ms-live-score">
        Оценка визита: <strong>{percent(score)}</strong>
        {score === null && <span class="muted"> — появится, когда будет отмечен хотя бы один применимый критерий</span>}
      </p>
      {errors.marks && (
        <p id="ms-marks-error" class="field-error">
          {errors.marks}
        </p>
      )}
      {criteria.map((c, i) => {
        const heading = c.group && c.group !== criteria[i - 1]?.group ? <h3 class="ms-group">{c.group}</h3> : null;
        const error = errors[`marks.${i}.mark`] ?? errors[`marks.${i}.criterionId`];
        const noteError = errors[`marks.${i}.note`];
        return (
          <div key={c.id}>
            {heading}
            <fieldset class={`ms-mark${error ? ' field-invalid' : ''}`} id={`mark-${i}`} aria-describedby={error ? `mark-${i}-error` : undefined}>
              <legend>
                {i + 1}. {c.text} <span class="muted">(вес {c.weight})</span>
              </legend>
              <div class="ms-mark-options">
                {MARKS.map((m: Mark) => (
                  <label key={m}>
                    <input type="radio" name={`mark-${i}`} value={m} checked={marks[c.id]?.mark === m} onChange={() => onChange(c.id, { mark: m })} /> {MARK_LABEL[m]}
                  </label>
                ))}
              </div>
              {error && (
                <small id={`mark-${i}-error`} class="field-error">
                  {error}
                </small>
              )}
              <label class="ms-note" for={`mark-${i}-note`}>
                Примечание к критерию {i + 1}
              </label>
              <input id={`mark-${i}-note`} type="text" maxLength={LIMITS.criterionNote} value={marks[c.id]?.note ?? ''} aria-invalid={Boolean(noteError)} aria-describedby={noteError ? `mark-${i}-note-error` : undefined} onInput={(e) => onChange(c.id, { note: inputValue(e) })} />
              {noteError && (
                <small id={`mark-${i}-note-error`} class="field-error">
                  {noteError}
                </small>
              )}
            </fieldset>
          </div>
        );
      })}
    </fieldset>
  );
}
