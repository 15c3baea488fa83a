import { z } from '../zod.ts';
import { wellFormed } from '../text.ts';
import { optionIdSchema, questionIdSchema, SHORT_TEXT_MAX_LENGTH } from './definition.ts';

/**
 * What one answer to one question of a built survey looks like on the wire, whatever its type: a
 * number (scales), a string (a single choice's option id, or short text), a boolean (yes/no), or
 * the choices of a multiple-choice question with the words written under «другое». Which of these a
 * question takes is checked against the version the answer names (answer-check.ts), not here.
 */
export const multipleAnswerSchema = z.strictObject({
  chosen: z.array(optionIdSchema).max(20),
  other: z.string().trim().min(1).max(SHORT_TEXT_MAX_LENGTH).overwrite(wellFormed).nullable(),
});

export const answerValueSchema = z.union([
  z.number().int().min(0).max(10),
  z.string().trim().min(1).max(SHORT_TEXT_MAX_LENGTH).overwrite(wellFormed),
  z.boolean(),
  multipleAnswerSchema,
]);

export const surveyAnswersSchema = z.record(questionIdSchema, answerValueSchema);
