import type { SurveyAnswers } from './answer-types.ts';
import type { SurveyDefinition, SurveyQuestion } from './definition.ts';

/**
 * What one answer adds to its version's results, question by question: that it answered, the
 * values it counts under (a scale's number, "yes"/"no", option ids, "other"), the number a scale
 * adds to its sum, and the words it adds (short text, «другое»). Pure and zod-free: the results
 * page's running tally (hub/db/survey-tally-rows.ts) and the tally from raw answers
 * (hub/surveys/tally.ts) both count through here, so the two cannot disagree.
 */
export interface QuestionContribution {
  questionId: string;
  values: string[];
  sum: number;
  texts: string[];
}

export function contributionOf(question: SurveyQuestion, value: SurveyAnswers[string] | undefined): QuestionContribution | null {
  if (value === undefined) return null;
  const base = { questionId: question.id, values: [] as string[], sum: 0, texts: [] as string[] };
  if (typeof value === 'number') return { ...base, values: [String(value)], sum: value };
  if (typeof value === 'boolean') return { ...base, values: [value ? 'yes' : 'no'] };
  if (typeof value === 'string') return question.type === 'text' ? { ...base, texts: [value] } : { ...base, values: [value] };
  return { ...base, values: value.other === null ? [...value.chosen] : [...value.chosen, 'other'], texts: value.other === null ? [] : [value.other] };
}

/** Every question this answer answered, in the definition's order. */
export function answerContributions(definition: SurveyDefinition, answers: SurveyAnswers): QuestionContribution[] {
  const found: QuestionContribution[] = [];
  for (const question of definition.questions) {
    const contribution = contributionOf(question, answers[question.id]);
    if (contribution) found.push(contribution);
  }
  return found;
}
