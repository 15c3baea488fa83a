/**
 * The answer's types without zod, so the kiosk can build and check answers in its browser bundle
 * (answer-values.ts holds the schemas every hop parses with; answer-check.test.ts keeps them equal).
 */
export interface MultipleAnswer {
  chosen: string[];
  other: string | null;
}
export type AnswerValue = number | string | boolean | MultipleAnswer;
export type SurveyAnswers = Record<string, AnswerValue>;

/** Longest short-text answer (and «другое»), in characters; the kiosk's keyboard and every hub hold to it. */
export const SHORT_TEXT_MAX_LENGTH = 300;
