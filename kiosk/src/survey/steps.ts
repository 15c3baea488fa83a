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

/** «3 вопроса», «1 вопрос», «5 вопросов»: the count of the offer after the main survey. */
export function questionsWord(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  const word = tens >= 11 && tens <= 14 ? 'вопросов' : ones === 1 ? 'вопрос' : ones >= 2 && ones <= 4 ? 'вопроса' : 'вопросов';
  return `${n} ${word}`;
}

/** "Вопрос 2 из 7": what the progress indicator says for a step index (0-based). */
export function progressLabel(index: number, total: number): string {
  return `Вопрос ${Math.min(index + 1, total)} из ${total}`;
}

const COUNT_WORDS = ['', 'Один', 'Два', 'Три', 'Четыре', 'Пять', 'Шесть', 'Семь', 'Восемь', 'Девять'];
const OPTIONAL_WORDS = ['', 'последний', 'два последних', 'три последних'];

/**
 * The welcome screen's promise, counted from the same steps as the progress bar, so «Семь
 * коротких вопросов» is followed by «Вопрос 7 из 7» and never by a question more than promised.
 */
export function welcomeLead(steps: readonly Step[]): string {
  const total = steps.length;
  const optional = steps.filter((s) => s.kind !== 'question').length;
  const count = total === 1 ? 'Один короткий вопрос' : `${COUNT_WORDS[total] ?? total} ${total < 5 ? 'коротких вопроса' : 'коротких вопросов'}`;
  const tail = optional === 0 ? '' : optional === 1 && total > 1 ? ', последний — по желанию' : `, ${OPTIONAL_WORDS[optional] ?? optional} — по желанию`;
  return `${count}${tail}, около минуты.`;
}
