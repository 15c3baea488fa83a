import { z } from '../zod.ts';
import { officeIdSchema } from '../offices.ts';
import { wellFormed } from '../text.ts';
import { SHORT_TEXT_MAX_LENGTH } from './answer-types.ts';
import { MAX_SURVEY_QUESTIONS, QUESTION_TYPE_LABEL, QUESTION_TYPES, SURVEY_PLACE_LABEL, SURVEY_PLACES, type QuestionType, type SurveyPlace } from './survey-words.ts';

export { SHORT_TEXT_MAX_LENGTH };

/**
 * A survey the CX sector builds (issue 20): its questions and its meta, described once here and
 * read by the builder (staff app), the central and office hubs (every hop validates an answer
 * against the version it names) and the kiosk (which imports only the types, never zod).
 *
 * What publishing freezes is a `SurveyDefinition`: questions and meta together. A later edit is a
 * draft again and its publishing makes the next version; answers name the version they answered.
 */
export { MAX_SURVEY_QUESTIONS, QUESTION_TYPE_LABEL, QUESTION_TYPES, SURVEY_PLACE_LABEL, SURVEY_PLACES, type QuestionType, type SurveyPlace };

/** Question and option ids are chosen by the builder; short and printable, kept in answers. */
export const questionIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'латиница в нижнем регистре, цифры и -, до 40 знаков');
export const optionIdSchema = questionIdSchema;
export const surveyIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'латиница в нижнем регистре, цифры и -, до 64 знаков');

const label = (max: number) => z.string().trim().min(1).max(max).overwrite(wellFormed);


/**
 * Show a question only when an earlier question's answer is one of `values`. Values are written as
 * the answer reads as text: a scale's number ("4"), a choice's option id, "yes"/"no".
 */
export const showIfSchema = z.strictObject({
  questionId: questionIdSchema,
  values: z.array(z.string().min(1).max(40)).min(1).max(20),
});
export type ShowIf = z.infer<typeof showIfSchema>;

const questionBase = {
  id: questionIdSchema,
  text: label(300),
  required: z.boolean(),
  showIf: showIfSchema.nullable(),
};

export const optionSchema = z.strictObject({ id: optionIdSchema, label: label(120) });
export type SurveyOption = z.infer<typeof optionSchema>;
const options = z
  .array(optionSchema)
  .min(2)
  .max(20)
  .refine((list) => new Set(list.map((o) => o.id)).size === list.length, { message: 'варианты повторяются' })
  .refine((list) => list.every((o) => o.id !== 'other'), { message: 'вариант other зарезервирован за «другое»' });

export const surveyQuestionSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...questionBase, type: z.literal('scale-5'), minLabel: label(60), maxLabel: label(60) }),
  z.strictObject({ ...questionBase, type: z.literal('scale-10'), minLabel: label(60), maxLabel: label(60) }),
  z.strictObject({ ...questionBase, type: z.literal('single'), options }),
  /** `other`: the client may tick «другое» and write a few words. */
  z.strictObject({ ...questionBase, type: z.literal('multiple'), options, other: z.boolean() }),
  z.strictObject({ ...questionBase, type: z.literal('text') }),
  z.strictObject({ ...questionBase, type: z.literal('yes-no') }),
]);
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

export const surveyPlaceSchema = z.enum(SURVEY_PLACES);

const isoDate = z.iso.date();

export const surveyMetaSchema = z
  .strictObject({
    title: label(200),
    introduction: z.string().trim().max(2000).overwrite(wellFormed),
    /** Moscow calendar days, both included. */
    period: z.strictObject({ from: isoDate, to: isoDate }),
    /** 'all', or the offices that offer it. */
    offices: z.union([z.literal('all'), z.array(officeIdSchema).min(1).max(500)]),
    places: z.array(surveyPlaceSchema).min(1).max(SURVEY_PLACES.length),
    /** The minimum sample the CX sector sets («минимальный объем выборочной совокупности»), shown as progress. */
    targetN: z.number().int().min(1).max(1_000_000).nullable(),
    /** The question of the day: one question, answered with one tap on the kiosk's welcome screen. */
    questionOfDay: z.boolean(),
  })
  .refine((m) => m.period.from <= m.period.to, { message: 'период: начало позже конца', path: ['period'] });
export type SurveyMeta = z.infer<typeof surveyMetaSchema>;

export const surveyDefinitionSchema = z
  .strictObject({ meta: surveyMetaSchema, questions: z.array(surveyQuestionSchema).min(1).max(MAX_SURVEY_QUESTIONS) })
  .superRefine((d, ctx) => {
    const seen = new Map<string, SurveyQuestion>();
    d.questions.forEach((q, index) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `вопрос ${q.id} повторяется`, path: ['questions', index, 'id'] });
      if (q.showIf) {
        const earlier = seen.get(q.showIf.questionId);
        if (!earlier) ctx.addIssue({ code: 'custom', message: `условие показа ссылается не на более ранний вопрос (${q.showIf.questionId})`, path: ['questions', index, 'showIf'] });
        else if (earlier.type === 'text') ctx.addIssue({ code: 'custom', message: 'условие показа не может зависеть от текстового ответа', path: ['questions', index, 'showIf'] });
      }
      seen.set(q.id, q);
    });
    // Staff and client answers are never pooled, and a staff survey's anonymity rules hold for all its answers.
    if (d.meta.places.includes('staff-link') && d.meta.places.length > 1) {
      ctx.addIssue({ code: 'custom', message: 'опрос сотрудников не предлагается клиентам: оставьте только «Ссылка для сотрудников»', path: ['meta', 'places'] });
    }
    if (d.meta.questionOfDay && (d.questions.length !== 1 || !['scale-5', 'single', 'yes-no'].includes(d.questions[0]!.type))) {
      ctx.addIssue({ code: 'custom', message: 'вопрос дня — один вопрос: шкала 1–5, один вариант или да/нет', path: ['questions'] });
    }
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** A published, frozen version: what travels down to offices and what answers are checked against. */
export const surveyVersionSchema = z.strictObject({
  surveyId: surveyIdSchema,
  version: z.number().int().min(1),
  publishedAt: z.iso.datetime({ offset: false, precision: 3 }),
  definition: surveyDefinitionSchema,
});
export type SurveyVersion = z.infer<typeof surveyVersionSchema>;
