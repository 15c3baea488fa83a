import type { SurveyAnswers } from './answer-types.ts';
import type { SurveyDefinition } from './definition.ts';
import { questionValues } from './question-values.ts';

/**
 * The figures of the exit poll's summary form («итоговая форма», order No. 308, 2.2): what an
 * office's interviewers took over a period, worked out from the answers themselves so nobody
 * tallies by hand. Pure and free of zod: the office hub fills the form with it, and the record it
 * sends on (shared/records.ts `survey-summary`) carries exactly these figures.
 *
 * - `asked`: visitors offered the poll = `answered` + `refused` (the «отказался отвечать» taps);
 * - `complete`: answers that reached the end (a visitor who left early still counts in `answered`);
 * - per question: `n` who answered it, `counts` by value (a scale's number, "yes"/"no", an option
 *   id, "other"; every value of the question is listed, zeros included; a text question has none)
 *   and, for a scale, the `mean` to two places (null with no answers).
 */
export interface SummaryQuestionFigures {
  id: string;
  n: number;
  counts: Record<string, number>;
  mean: number | null;
}

export interface SummaryFigures {
  asked: number;
  answered: number;
  complete: number;
  refused: number;
  questions: SummaryQuestionFigures[];
}

export interface TakenAnswer {
  answers: SurveyAnswers;
  complete: boolean;
}

/** The mean as the form prints it: two places, so the figure sent is the figure read. */
export const roundMean = (mean: number): number => Math.round(mean * 100) / 100;

export function summaryFigures(definition: SurveyDefinition, taken: readonly TakenAnswer[], refused: number): SummaryFigures {
  const questions = definition.questions.map((question): SummaryQuestionFigures => {
    const counts: Record<string, number> = {};
    for (const { value } of questionValues(question)) counts[value] = 0;
    let n = 0;
    let sum = 0;
    for (const { answers } of taken) {
      const value = answers[question.id];
      if (value === undefined) continue;
      n++;
      if (typeof value === 'number') sum += value;
      if (question.type === 'text') continue;
      const tokens = typeof value === 'number' ? [String(value)] : typeof value === 'boolean' ? [value ? 'yes' : 'no'] : typeof value === 'string' ? [value] : value.other === null ? value.chosen : [...value.chosen, 'other'];
      for (const token of tokens) if (token in counts) counts[token] = (counts[token] ?? 0) + 1;
    }
    const scale = question.type === 'scale-5' || question.type === 'scale-10';
    return { id: question.id, n, counts, mean: scale && n > 0 ? roundMean(sum / n) : null };
  });
  const complete = taken.filter((t) => t.complete).length;
  return { asked: taken.length + refused, answered: taken.length, complete, refused, questions };
}
