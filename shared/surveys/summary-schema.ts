import { z } from '../zod.ts';
import { wellFormed } from '../text.ts';
import { MAX_SURVEY_QUESTIONS, questionIdSchema } from './definition.ts';
import type { SummaryFigures } from './summary-figures.ts';

/**
 * The summary form's figures on the wire (summary-figures.ts says what each means), checked at
 * every hop like any record's fields. The type is summary-figures.ts's, kept equal by the
 * `satisfies` below, so the zod-free computation and the schema cannot drift apart.
 */
const count = z.number().int().min(0).max(10_000_000);

export const summaryQuestionFiguresSchema = z.strictObject({
  id: questionIdSchema,
  n: count,
  /** Value → count: a scale's numbers, "yes"/"no", option ids, "other" (at most 20 options + other, or 11 scale points). */
  counts: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), count).refine((c) => Object.keys(c).length <= 21, { message: 'больше 21 значения' }),
  mean: z.number().min(0).max(10).nullable(),
});

export const summaryFiguresSchema = z.strictObject({
  asked: count,
  answered: count,
  complete: count,
  refused: count,
  questions: z.array(summaryQuestionFiguresSchema).max(MAX_SURVEY_QUESTIONS),
});

/** The interviewer's own remarks on the form, free text. */
export const SUMMARY_REMARKS_MAX_LENGTH = 4000;
export const summaryRemarksSchema = z.string().trim().max(SUMMARY_REMARKS_MAX_LENGTH).overwrite(wellFormed);

// Compile-time: the schema's type and the computation's type are one (tsc fails otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const figuresMatch: Same<z.infer<typeof summaryFiguresSchema>, SummaryFigures> = true;
void figuresMatch;
