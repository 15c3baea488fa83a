import type { DistributionRow, QuestionResult } from '../../shared/api/surveys.ts';
import { wilsonInterval } from '../../shared/metrics.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { questionValues } from '../../shared/surveys/question-values.ts';

/**
 * The results of one survey version from its answers: per question the number who answered, the
 * distribution with shares and Wilson 95 % intervals (shared/metrics.ts), the mean of a scale, and
 * the texts. Pure: answers of one version only, so versions are never mixed.
 */
export const MAX_TEXTS = 500;

/** `answers` newest first, so texts come newest first. */
export function tallyQuestions(definition: SurveyDefinition, answers: readonly SurveyAnswers[]): QuestionResult[] {
  return definition.questions.map((question) => {
    const counts = new Map<string, number>();
    const texts: string[] = [];
    let n = 0;
    let sum = 0;
    for (const answer of answers) {
      const value = answer[question.id];
      if (value === undefined) continue;
      n++;
      if (typeof value === 'number') {
        sum += value;
        counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
      } else if (typeof value === 'boolean') {
        const token = value ? 'yes' : 'no';
        counts.set(token, (counts.get(token) ?? 0) + 1);
      } else if (typeof value === 'string') {
        if (question.type === 'text') {
          if (texts.length < MAX_TEXTS) texts.push(value);
        } else counts.set(value, (counts.get(value) ?? 0) + 1);
      } else {
        for (const id of value.chosen) counts.set(id, (counts.get(id) ?? 0) + 1);
        if (value.other !== null) {
          counts.set('other', (counts.get('other') ?? 0) + 1);
          if (texts.length < MAX_TEXTS) texts.push(value.other);
        }
      }
    }
    const distribution: DistributionRow[] = questionValues(question).map(({ value, label }) => {
      const count = counts.get(value) ?? 0;
      return { value, label, count, share: n === 0 ? 0 : count / n, interval: wilsonInterval(count, n) };
    });
    const scale = question.type === 'scale-5' || question.type === 'scale-10';
    return { id: question.id, type: question.type, text: question.text, n, distribution, mean: scale && n > 0 ? sum / n : null, texts };
  });
}
