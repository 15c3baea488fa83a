import { z } from './zod.ts';
import { officeIdSchema } from './offices.ts';
import { recordIdSchema, stableStringify, wellFormed } from './records.ts';
import { dayKeySchema } from './register.ts';
import { LIMITS, MARKS } from './mystery-shopper-words.ts';

/**
 * The mystery shopper («Тайный клиент», order No. 308 item 2.3): what the CX sector types, as zod
 * schemas the central validates with. The staff app reads only the types (and checks the form
 * itself with the same bounds, shared/mystery-shopper-words.ts), so it bundles no zod.
 *
 * A checklist template («анкета / опросный лист») has a name, the research's goals, the scenario
 * of the interaction («сценарий взаимодействия») and its criteria, each with an optional group
 * heading and a weight 1–10. A visit scores each criterion of one template version.
 */
const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what}: не заполнено`)
    .max(max, `${what}: не длиннее ${max} знаков`)
    .overwrite(wellFormed);
const optionalText = (max: number, what: string) => z.string().trim().max(max, `${what}: не длиннее ${max} знаков`).overwrite(wellFormed).default('');

export const criterionInputSchema = z.strictObject({
  /** Kept when a criterion is edited in place; null for a new one (the hub gives it an id). */
  id: recordIdSchema.nullable().default(null),
  text: text(LIMITS.criterionText, 'критерий'),
  group: optionalText(LIMITS.criterionGroup, 'раздел'),
  weight: z
    .number({ error: 'вес: число от 1 до 10' })
    .int('вес: целое число от 1 до 10')
    .min(LIMITS.weightMin, 'вес: от 1 до 10')
    .max(LIMITS.weightMax, 'вес: от 1 до 10'),
});
export type CriterionInput = z.infer<typeof criterionInputSchema>;

export const templateContentSchema = z
  .strictObject({
    name: text(LIMITS.templateName, 'название анкеты'),
    goals: optionalText(LIMITS.goals, 'цели и задачи'),
    scenario: text(LIMITS.scenario, 'сценарий взаимодействия'),
    criteria: z.array(criterionInputSchema).min(1, 'критерии: нужен хотя бы один').max(LIMITS.criteria, `критерии: не больше ${LIMITS.criteria}`),
  })
  .superRefine((t, ctx) => {
    const ids = new Set<string>();
    const texts = new Set<string>();
    t.criteria.forEach((c, i) => {
      if (c.id !== null && ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: 'критерий повторяется' });
      if (c.id !== null) ids.add(c.id);
      const key = `${c.group.toLowerCase()}\u0000${c.text.toLowerCase()}`;
      if (texts.has(key)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'text'], message: 'такой критерий в этом разделе уже есть' });
      texts.add(key);
    });
  });
export type TemplateContent = z.infer<typeof templateContentSchema>;

/** A new template: its id is born in the editor, so sending the form twice stores one template. */
export const templateCreateSchema = z.strictObject({ id: recordIdSchema, content: templateContentSchema });
export type TemplateCreate = z.infer<typeof templateCreateSchema>;

/** A template's content as two copies are compared: without the criteria's ids (a resend has none for new ones). */
export const templateContentKey = (t: TemplateContent): string =>
  stableStringify({ name: t.name, goals: t.goals, scenario: t.scenario, criteria: t.criteria.map((c) => ({ text: c.text, group: c.group, weight: c.weight })) });

export const markInputSchema = z.strictObject({
  criterionId: recordIdSchema,
  mark: z.enum(MARKS, { error: 'отметка: выполнено, частично, не выполнено или не применимо' }),
  note: optionalText(LIMITS.criterionNote, 'примечание'),
});
export type MarkInput = z.infer<typeof markInputSchema>;

export const visitContentSchema = z.strictObject({
  templateId: recordIdSchema,
  officeId: officeIdSchema,
  visitedOn: dayKeySchema,
  visitedTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время визита: ЧЧ:ММ')
    .nullable()
    .default(null),
  scenario: text(LIMITS.visitText, 'сыгранный сценарий'),
  shopper: text(LIMITS.shopper, 'псевдоним тайного клиента'),
  marks: z.array(markInputSchema).min(1, 'отметки: нужна хотя бы одна').max(LIMITS.criteria),
  notes: optionalText(LIMITS.visitText, 'замечания'),
  conclusions: text(LIMITS.visitText, 'выводы'),
  proposals: optionalText(LIMITS.visitText, 'предложения'),
});
export type VisitContent = z.infer<typeof visitContentSchema>;

/** A new visit: its UUIDv7 is born in the form (a resend of the same id and content is stored once). */
export const visitCreateSchema = z.strictObject({ id: recordIdSchema, content: visitContentSchema });
/** A change of a visit not yet approved: `revision` is the one the form was opened on (another's change in between is refused). */
export const visitUpdateSchema = z.strictObject({ revision: z.number().int().min(1), content: visitContentSchema });

export const visitContentKey = (v: VisitContent): string => stableStringify(v);

/**
 * What the schema cannot know: each criterion of the template version marked exactly once, none
 * from elsewhere, and at least one that applies (else there is no score). Paths name the mark by
 * its place in the list, as the form sends them (criteria's order).
 */
export function marksProblems(criteria: readonly { id: string }[], marks: readonly MarkInput[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const known = new Set(criteria.map((c) => c.id));
  const seen = new Set<string>();
  marks.forEach((m, i) => {
    if (!known.has(m.criterionId)) problems[`marks.${i}.criterionId`] = 'такого критерия нет в этой версии анкеты';
    else if (seen.has(m.criterionId)) problems[`marks.${i}.criterionId`] = 'критерий отмечен дважды';
    seen.add(m.criterionId);
  });
  const missing = criteria.filter((c) => !seen.has(c.id)).length;
  if (missing > 0) problems.marks = `отметьте каждый критерий: не отмечено ${missing}`;
  else if (marks.every((m) => m.mark === 'na')) problems.marks = 'все критерии «не применимо»: оценку не посчитать';
  return problems;
}
