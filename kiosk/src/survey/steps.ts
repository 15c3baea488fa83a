import { SURVEY_QUESTIONS, type QuestionKey } from '../../../shared/surveys.ts';

/**
 * The screens of one survey, in order: the five scale questions of seed 000 §1.1, the optional
 * comment, and the optional choice of service (left out when the link already names the service or
 * the CX sector's list is empty).
 */
export type Step = { kind: 'question'; key: QuestionKey } | { kind: 'comment' } | { kind: 'service' };

export function surveySteps(options: { askService: boolean }): Step[] {
  const steps: Step[] = SURVEY_QUESTIONS.map((q) => ({ kind: 'question', key: q.key }));
  steps.push({ kind: 'comment' });
  if (options.askService) steps.push({ kind: 'service' });
  return steps;
}

/** "Вопрос 2 из 7": what the progress indicator says for a step index (0-based). */
export function progressLabel(index: number, total: number): string {
  return `Вопрос ${Math.min(index + 1, total)} из ${total}`;
}
