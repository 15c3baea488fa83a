import type { Template } from '../../../../shared/api/mystery-shopper.ts';
import type { TemplateContent } from '../../../../shared/mystery-shopper.ts';
import { LIMITS } from '../../../../shared/mystery-shopper-words.ts';

/**
 * The template editor's draft and its check: the same bounds as the hub's schema, said in the same
 * words by the same field paths («criteria.2.weight»), so the clerk sees a problem beside its field
 * before anything is sent, and the hub's refusal lands in the same place.
 */
export interface CriterionDraft {
  /** The row's key on the page (stable while rows move). */
  key: string;
  id: string | null;
  text: string;
  group: string;
  weight: string;
}

export interface TemplateDraft {
  name: string;
  goals: string;
  scenario: string;
  criteria: CriterionDraft[];
}

let keys = 0;
export const newCriterion = (group = ''): CriterionDraft => ({ key: `c${++keys}`, id: null, text: '', group, weight: '1' });

export const emptyTemplate = (): TemplateDraft => ({ name: '', goals: '', scenario: '', criteria: [newCriterion()] });

export const draftOf = (t: Template): TemplateDraft => ({
  name: t.name,
  goals: t.goals,
  scenario: t.scenario,
  criteria: t.criteria.map((c) => ({ key: `c${++keys}`, id: c.id, text: c.text, group: c.group, weight: String(c.weight) })),
});

export type Checked = { ok: true; body: TemplateContent } | { ok: false; errors: Record<string, string> };

export function checkTemplate(d: TemplateDraft): Checked {
  const errors: Record<string, string> = {};
  const required = (path: string, value: string, max: number, what: string) => {
    if (value.trim() === '') errors[path] = `${what}: не заполнено`;
    else if (value.trim().length > max) errors[path] = `${what}: не длиннее ${max} знаков`;
  };
  required('name', d.name, LIMITS.templateName, 'название анкеты');
  if (d.goals.trim().length > LIMITS.goals) errors.goals = `цели и задачи: не длиннее ${LIMITS.goals} знаков`;
  required('scenario', d.scenario, LIMITS.scenario, 'сценарий взаимодействия');
  if (d.criteria.length === 0) errors.criteria = 'критерии: нужен хотя бы один';
  if (d.criteria.length > LIMITS.criteria) errors.criteria = `критерии: не больше ${LIMITS.criteria}`;
  const seen = new Set<string>();
  d.criteria.forEach((c, i) => {
    required(`criteria.${i}.text`, c.text, LIMITS.criterionText, 'критерий');
    if (c.group.trim().length > LIMITS.criterionGroup) errors[`criteria.${i}.group`] = `раздел: не длиннее ${LIMITS.criterionGroup} знаков`;
    const weight = Number(c.weight.trim());
    if (c.weight.trim() === '' || !Number.isInteger(weight)) errors[`criteria.${i}.weight`] = 'вес: целое число от 1 до 10';
    else if (weight < LIMITS.weightMin || weight > LIMITS.weightMax) errors[`criteria.${i}.weight`] = 'вес: от 1 до 10';
    const key = `${c.group.trim().toLowerCase()}\u0000${c.text.trim().toLowerCase()}`;
    if (c.text.trim() !== '' && seen.has(key)) errors[`criteria.${i}.text`] = 'такой критерий в этом разделе уже есть';
    seen.add(key);
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name: d.name.trim(),
      goals: d.goals.trim(),
      scenario: d.scenario.trim(),
      criteria: d.criteria.map((c) => ({ id: c.id, text: c.text.trim(), group: c.group.trim(), weight: Number(c.weight.trim()) })),
    },
  };
}

/** Moves the row at `i` by `by` places (−1 up, +1 down), when it can move. */
export function moved<T>(rows: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= rows.length) return [...rows];
  const next = [...rows];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
