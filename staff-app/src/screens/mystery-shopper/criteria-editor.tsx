import { Field, inputValue } from '../../components/field.tsx';
import { LIMITS } from '../../../../shared/mystery-shopper-words.ts';
import { moved, newCriterion, type CriterionDraft } from './template-form-state.ts';

/**
 * The template's criteria as rows: the group heading, the criterion, its weight 1–10, and buttons
 * to move a row, remove it, or add one (under the last row's heading). Errors beside each field.
 */
export function CriteriaEditor({ rows, errors, onChange }: { rows: CriterionDraft[]; errors: Record<string, string>; onChange: (rows: CriterionDraft[]) => void }) {
  const set = (i: number, patch: Partial<CriterionDraft>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset class="ms-criteria" aria-describedby={errors.criteria ? 'ms-criteria-error' : undefined}>
      <legend>Критерии оценки</legend>
      <p class="hint">Вес — насколько критерий важен (1–10): оценка визита — сумма весов выполненных критериев («частично» — половина веса), делённая на сумму весов тех, что применимы.</p>
      {errors.criteria && (
        <p id="ms-criteria-error" class="field-error">
          {errors.criteria}
        </p>
      )}
      <ol class="ms-criteria-list">
        {rows.map((r, i) => (
          <li key={r.key} class="ms-criterion" data-row={i}>
            <Field id={`crit-${i}-group`} label={`Раздел ${i + 1}`} {...(i === 0 ? { hint: 'необязательно: «Встреча», «Консультация»…' } : {})} error={errors[`criteria.${i}.group`] ?? null}>
              {(c) => <input {...c} type="text" maxLength={LIMITS.criterionGroup} value={r.group} onInput={(e) => set(i, { group: inputValue(e) })} />}
            </Field>
            <Field id={`crit-${i}-text`} label={`Критерий ${i + 1}`} error={errors[`criteria.${i}.text`] ?? null}>
              {(c) => <input {...c} type="text" maxLength={LIMITS.criterionText} value={r.text} onInput={(e) => set(i, { text: inputValue(e) })} />}
            </Field>
            <Field id={`crit-${i}-weight`} label={`Вес критерия ${i + 1}`} error={errors[`criteria.${i}.weight`] ?? null}>
              {(c) => <input {...c} type="number" inputMode="numeric" min={1} max={10} step={1} value={r.weight} onInput={(e) => set(i, { weight: inputValue(e) })} />}
            </Field>
            <div class="ms-row-buttons">
              <button type="button" class="secondary" disabled={i === 0} onClick={() => onChange(moved(rows, i, -1))} aria-label={`Поднять критерий ${i + 1}`}>
                ↑
              </button>
              <button type="button" class="secondary" disabled={i === rows.length - 1} onClick={() => onChange(moved(rows, i, 1))} aria-label={`Опустить критерий ${i + 1}`}>
                ↓
              </button>
              <button type="button" class="secondary" disabled={rows.length === 1} onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Удалить критерий ${i + 1}`}>
                Удалить
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" class="secondary" id="ms-add-criterion" disabled={rows.length >= LIMITS.criteria} onClick={() => onChange([...rows, newCriterion(rows[rows.length - 1]?.group ?? '')])}>
        Добавить критерий
      </button>
    </fieldset>
  );
}
