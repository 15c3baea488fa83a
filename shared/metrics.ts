/**
 * The regulation's formulas (seed 000 §1.1), exactly as written there. Every figure the system
 * shows, exports or e-mails comes from these functions.
 *
 * Each formula exists twice over one core: from a list of answers (the definition, what the tests
 * check by hand), and from a histogram of counts by score (what SQL `GROUP BY score` returns, so
 * a year of data is not loaded into memory). Both go through the same counting code.
 *
 * A result is `{ value, n }`: `value` unrounded and null when there are no answers, `n` the number
 * of answers it is computed from, so that 67 % of 3 never looks like 67 % of 3,000.
 */
export interface Figure {
  value: number | null;
  n: number;
}

export interface NpsFigure extends Figure {
  /** Shares in percent (unrounded), null when n is 0. */
  promoters: number | null;
  passives: number | null;
  detractors: number | null;
}

/** counts[score] = how many answers had that score; indexes outside the scale must be absent or 0. */
export type Histogram = readonly number[];

interface Scale {
  name: string;
  min: number;
  max: number;
}

const CSAT_SCALE: Scale = { name: 'CSAT', min: 1, max: 5 };
const CES_SCALE: Scale = { name: 'CES', min: 1, max: 5 };
const NPS_SCALE: Scale = { name: 'NPS', min: 0, max: 10 };
const PANEL_SCALE: Scale = { name: 'оценка пульта', min: 1, max: 5 };

export class ScoreOutOfRangeError extends Error {
  constructor(scale: Scale, value: unknown) {
    super(`${scale.name}: ответ ${String(value)} вне шкалы ${scale.min}–${scale.max} (ожидается целое число)`);
    this.name = 'ScoreOutOfRangeError';
  }
}

/** Turns answers into counts by score; throws on anything that is not an integer on the scale. */
export function histogram(answers: readonly number[], scale: Scale): number[] {
  const counts = new Array<number>(scale.max + 1).fill(0);
  for (const answer of answers) {
    if (!Number.isInteger(answer) || answer < scale.min || answer > scale.max) throw new ScoreOutOfRangeError(scale, answer);
    counts[answer] = (counts[answer] ?? 0) + 1;
  }
  return counts;
}

function checkedCounts(counts: Histogram, scale: Scale): number[] {
  const result = new Array<number>(scale.max + 1).fill(0);
  counts.forEach((count, score) => {
    if (!count) return;
    if (!Number.isInteger(count) || count < 0) throw new Error(`${scale.name}: число ответов ${count} для балла ${score} не целое неотрицательное`);
    if (score < scale.min || score > scale.max) throw new ScoreOutOfRangeError(scale, score);
    result[score] = count;
  });
  return result;
}

const total = (counts: readonly number[]): number => counts.reduce((a, b) => a + b, 0);
const countRange = (counts: readonly number[], from: number, to: number): number =>
  counts.slice(from, to + 1).reduce((a, b) => a + b, 0);

/** CSAT = (number of 4s and 5s) / (number of answers) × 100, answers to questions 1–3 pooled. */
export function csatFromCounts(counts: Histogram): Figure {
  const c = checkedCounts(counts, CSAT_SCALE);
  const n = total(c);
  return { n, value: n === 0 ? null : (countRange(c, 4, 5) / n) * 100 };
}

/** NPS = % promoters (9–10) − % detractors (0–6); −100…+100. */
export function npsFromCounts(counts: Histogram): NpsFigure {
  const c = checkedCounts(counts, NPS_SCALE);
  const n = total(c);
  if (n === 0) return { n, value: null, promoters: null, passives: null, detractors: null };
  const promoters = (countRange(c, 9, 10) / n) * 100;
  const passives = (countRange(c, 7, 8) / n) * 100;
  const detractors = (countRange(c, 0, 6) / n) * 100;
  return { n, value: promoters - detractors, promoters, passives, detractors };
}

function meanFromCounts(counts: Histogram, scale: Scale): Figure {
  const c = checkedCounts(counts, scale);
  const n = total(c);
  const sum = c.reduce((acc, count, score) => acc + count * score, 0);
  return { n, value: n === 0 ? null : sum / n };
}

/** CES = sum of scores / number of answers (1 very hard … 5 very easy). */
export const cesFromCounts = (counts: Histogram): Figure => meanFromCounts(counts, CES_SCALE);
/** The panel's «средний балл»: mean of counted presses. */
export const panelAverageFromCounts = (counts: Histogram): Figure => meanFromCounts(counts, PANEL_SCALE);

export const csat = (answers: readonly number[]): Figure => csatFromCounts(histogram(answers, CSAT_SCALE));
export const nps = (answers: readonly number[]): NpsFigure => npsFromCounts(histogram(answers, NPS_SCALE));
export const ces = (answers: readonly number[]): Figure => cesFromCounts(histogram(answers, CES_SCALE));
export const panelAverage = (scores: readonly number[]): Figure => panelAverageFromCounts(histogram(scores, PANEL_SCALE));

/** Below this many answers a figure is shown, but marked as a small sample. */
export const SMALL_SAMPLE = 30;
export const isSmallSample = (figure: Figure): boolean => figure.n < SMALL_SAMPLE;
