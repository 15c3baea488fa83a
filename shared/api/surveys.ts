import { z } from '../zod.ts';
import { surveyDefinitionSchema, surveyVersionSchema, QUESTION_TYPES } from '../surveys/definition.ts';

/** What the survey builder's and the results page's API sends (hub/surveys/, staff-app survey screens). */
const ok = z.literal(true);

export const surveySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  draftChangedAt: z.string(),
  draftChangedBy: z.string(),
  latestVersion: z.number().int().nullable(),
  unpublished: z.boolean(),
  answers: z.number().int(),
  /** The newest version's period (the draft's before the first publishing): «завершён» after its end. */
  period: z.object({ from: z.string(), to: z.string() }),
  /** The newest version's target number of answers (the draft's before publishing), and its answers so far. */
  targetN: z.number().int().nullable(),
  latestAnswers: z.number().int(),
});
export type SurveySummaryView = z.infer<typeof surveySummarySchema>;

export const surveyListResponseSchema = z.object({ ok, surveys: z.array(surveySummarySchema) });
export type SurveyListResponse = z.infer<typeof surveyListResponseSchema>;

export const surveyDetailResponseSchema = z.object({
  ok,
  survey: surveySummarySchema.extend({ draft: surveyDefinitionSchema, versions: z.array(surveyVersionSchema) }),
});
export type SurveyDetailResponse = z.infer<typeof surveyDetailResponseSchema>;

/** The body of POST /api/surveys and PUT /api/surveys/:id. */
export const surveyDraftBodySchema = z.strictObject({ definition: surveyDefinitionSchema });

export const publishResponseSchema = z.object({ ok, version: z.number().int(), created: z.boolean(), revision: z.number().int().nullable() });
export type PublishResponse = z.infer<typeof publishResponseSchema>;

const intervalSchema = z.object({ low: z.number(), high: z.number() }).nullable();

/** One value's row of a question's distribution: count, share of those who answered, Wilson 95 %. */
export const distributionRowSchema = z.object({ value: z.string(), label: z.string(), count: z.number().int(), share: z.number(), interval: intervalSchema });
export type DistributionRow = z.infer<typeof distributionRowSchema>;

export const questionResultSchema = z.object({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  text: z.string(),
  /** Answers to this question (multiple choice: respondents, so shares may sum past 100 %). */
  n: z.number().int(),
  distribution: z.array(distributionRowSchema),
  /** Scales only; null with no answers. */
  mean: z.number().nullable(),
  /** Short text, and the words under «другое», newest first. */
  texts: z.array(z.string()),
});
export type QuestionResult = z.infer<typeof questionResultSchema>;

export const surveyResultsSchema = z.object({
  surveyId: z.string(),
  version: z.number().int(),
  title: z.string(),
  officeId: z.string().nullable(),
  channel: z.string().nullable(),
  /** Answer records of this version (and office), complete or not. */
  respondents: z.number().int(),
  complete: z.number().int(),
  targetN: z.number().int().nullable(),
  questions: z.array(questionResultSchema),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;

/** Answers of the chosen version by office and by channel, before any filter: the filters' choices. */
export const answerCountSchema = z.object({ id: z.string(), n: z.number().int() });
export const surveyResultsResponseSchema = z.object({
  ok,
  results: surveyResultsSchema,
  versions: z.array(z.number().int()),
  byOffice: z.array(answerCountSchema),
  byChannel: z.array(answerCountSchema),
});
export type SurveyResultsResponse = z.infer<typeof surveyResultsResponseSchema>;
