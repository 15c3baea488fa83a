import type { DistributionRow, QuestionResult } from '../../shared/api/surveys.ts';
import { wilsonInterval } from '../../shared/metrics.ts';
import { answerContributions } from '../../shared/surveys/answer-tally.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { questionValues } from '../../shared/surveys/question-values.ts';

/**
 * The results of one survey version: per question the number who answered, the distribution with
 * shares and Wilson 95 % intervals (shared/metrics.ts), the mean of a scale, and the texts. Built
 * from counts (the running tally the results page reads, hub/db/survey-tally-rows.ts) or, for
 * tests and small sets, from the answers themselves; one version only, so versions never mix.
 */
export const MAX_TEXTS = 500;

/** One question's counts: who answered, the scale's sum, and how many chose each value. */
export interface QuestionCounts {
  answered: number;
  sum: number;
  values: Map<string, number>;
}

export function questionResults(definition: SurveyDefinition, counts: ReadonlyMap<string, QuestionCounts>, texts: ReadonlyMap<string, readonly string[]>): QuestionResult[] {
  return definition.questions.map((question) => {
    const held = counts.get(question.id);
    const n = held?.answered ?? 0;
    const distribution: DistributionRow[] = questionValues(question).map(({ value, label }) => {
      const count = held?.values.get(value) ?? 0;
      return { value, label, count, share: n === 0 ? 0 : count / n, interval: wilsonInterval(count, n) };
    });
    const scale = question.type === 'scale-5' || question.type === 'scale-10';
    return { id: question.id, type: question.type, text: question.text, n, distribution, mean: scale && n > 0 ? held!.sum / n : null, texts: [...(texts.get(question.id) ?? [])] };
  });
}

/** The same results counted from the answers, newest first (so texts come newest first). */
export function tallyQuestions(definition: SurveyDefinition, answers: readonly SurveyAnswers[]): QuestionResult[] {
  const counts = new Map<string, QuestionCounts>();
  const texts = new Map<string, string[]>();
  for (const answer of answers) {
    for (const c of answerContributions(definition, answer)) {
      let held = counts.get(c.questionId);
      if (!held) counts.set(c.questionId, (held = { answered: 0, sum: 0, values: new Map() }));
      held.answered++;
      held.sum += c.sum;
      for (const value of c.values) held.values.set(value, (held.values.get(value) ?? 0) + 1);
      const list = texts.get(c.questionId) ?? [];
      for (const text of c.texts) if (list.length < MAX_TEXTS) list.push(text);
      texts.set(c.questionId, list);
    }
  }
  return questionResults(definition, counts, texts);
}
