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

/**
 * 95 % intervals, so that two offices' figures can be told apart from noise. CSAT is a share:
 * Wilson's score interval (sound at small n and near 0 % or 100 %, where the textbook ±1.96·SE is
 * not). The panel average and CES are means: Student's t with n − 1 degrees of freedom. NPS is a
 * difference of two shares of one sample: the normal interval with its variance
 * (p₊ + p₋ − (p₊ − p₋)²) / n. Each returns null when there are too few answers to say anything.
 */
export interface Interval {
  low: number;
  high: number;
}

const Z95 = 1.959963984540054;
/** Two-sided 95 % critical values of Student's t for 1–30 degrees of freedom (statistical tables). */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t₀.₉₇₅ for `df` degrees of freedom: the table up to 30, beyond it the Cornish–Fisher expansion (error < 0.001). */
export function tCritical95(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`степеней свободы должно быть не меньше 1: ${df}`);
  if (df <= T95.length) return T95[df - 1] as number;
  const z = Z95;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3);
}

/** Wilson's 95 % score interval of a share `successes / n`, as fractions 0–1; null when n is 0. */
export function wilsonInterval(successes: number, n: number): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Student's t 95 % interval of a mean from its n, mean and sum of squared deviations, kept within [min, max]. */
function studentInterval(n: number, mean: number, squares: number, min: number, max: number): Interval {
  const half = (tCritical95(n - 1) * Math.sqrt(squares / (n - 1))) / Math.sqrt(n);
  return { low: Math.max(min, mean - half), high: Math.min(max, mean + half) };
}

/** Student's t 95 % interval of the mean of a histogram; null below 2 answers. */
function meanIntervalFromCounts(counts: Histogram, scale: Scale): Interval | null {
  const c = checkedCounts(counts, scale);
  const n = total(c);
  if (n < 2) return null;
  const mean = c.reduce((acc, count, score) => acc + count * score, 0) / n;
  const squares = c.reduce((acc, count, score) => acc + count * (score - mean) ** 2, 0);
  return studentInterval(n, mean, squares, scale.min, scale.max);
}

/**
 * Student's t 95 % interval of the mean of values that are not whole scores (the mystery shopper's
 * visit scores, 0–100 %), kept within [min, max]; null below 2 values.
 */
export function meanInterval(values: readonly number[], min: number, max: number): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return studentInterval(n, mean, squares, min, max);
}

/** CSAT's interval in per cent (Wilson, answers to questions 1–3 pooled as for the figure). */
export function csatIntervalFromCounts(counts: Histogram): Interval | null {
  const c = checkedCounts(counts, CSAT_SCALE);
  const interval = wilsonInterval(countRange(c, 4, 5), total(c));
  return interval && { low: interval.low * 100, high: interval.high * 100 };
}

/** NPS's interval, −100…+100 (normal approximation of the difference of two shares). */
export function npsIntervalFromCounts(counts: Histogram): Interval | null {
  const c = checkedCounts(counts, NPS_SCALE);
  const n = total(c);
  if (n === 0) return null;
  const promoters = countRange(c, 9, 10) / n;
  const detractors = countRange(c, 0, 6) / n;
  const nps = promoters - detractors;
  const half = Z95 * Math.sqrt(Math.max(0, promoters + detractors - nps * nps) / n);
  return { low: Math.max(-100, (nps - half) * 100), high: Math.min(100, (nps + half) * 100) };
}

export const cesIntervalFromCounts = (counts: Histogram): Interval | null => meanIntervalFromCounts(counts, CES_SCALE);
export const panelIntervalFromCounts = (counts: Histogram): Interval | null => meanIntervalFromCounts(counts, PANEL_SCALE);

/**
 * Before and after (issue 19, «did it work»): the change of a figure between two independent
 * periods, with a 95 % interval of the change, in the figure's own unit (percentage points for CSAT
 * and shares, points for NPS, score points for means). Shares: Newcombe's hybrid score interval
 * (his method 10, built from the two Wilson intervals), sound at small n and near 0 % or 100 %.
 * Means: Welch's t with Satterthwaite's degrees of freedom (rounded down), which does not assume the
 * two periods spread alike. NPS: the normal interval with the two samples' variances added.
 */
export interface Change {
  /** after − before; null when either side has no answers. */
  difference: number | null;
  interval: Interval | null;
  nBefore: number;
  nAfter: number;
}

/** A share's change, `successes / n` before and after, in percentage points. */
export function shareChange(before: { successes: number; n: number }, after: { successes: number; n: number }): Change {
  const sides = { nBefore: before.n, nAfter: after.n };
  const w1 = wilsonInterval(before.successes, before.n);
  const w2 = wilsonInterval(after.successes, after.n);
  if (!w1 || !w2) return { difference: null, interval: null, ...sides };
  const p1 = before.successes / before.n;
  const p2 = after.successes / after.n;
  const d = p2 - p1;
  const low = d - Math.sqrt((p2 - w2.low) ** 2 + (w1.high - p1) ** 2);
  const high = d + Math.sqrt((w2.high - p2) ** 2 + (p1 - w1.low) ** 2);
  return { difference: d * 100, interval: { low: low * 100, high: high * 100 }, ...sides };
}

export function csatChangeFromCounts(before: Histogram, after: Histogram): Change {
  const b = checkedCounts(before, CSAT_SCALE);
  const a = checkedCounts(after, CSAT_SCALE);
  return shareChange({ successes: countRange(b, 4, 5), n: total(b) }, { successes: countRange(a, 4, 5), n: total(a) });
}

export function npsChangeFromCounts(before: Histogram, after: Histogram): Change {
  const sides = [checkedCounts(before, NPS_SCALE), checkedCounts(after, NPS_SCALE)].map((c) => {
    const n = total(c);
    const promoters = n === 0 ? 0 : countRange(c, 9, 10) / n;
    const detractors = n === 0 ? 0 : countRange(c, 0, 6) / n;
    const nps = promoters - detractors;
    return { n, nps, variance: n === 0 ? 0 : Math.max(0, promoters + detractors - nps * nps) / n };
  });
  const [b, a] = sides as [(typeof sides)[0], (typeof sides)[0]];
  const result = { nBefore: b.n, nAfter: a.n };
  if (b.n === 0 || a.n === 0) return { difference: null, interval: null, ...result };
  const d = a.nps - b.nps;
  const half = Z95 * Math.sqrt(b.variance + a.variance);
  return { difference: d * 100, interval: { low: (d - half) * 100, high: (d + half) * 100 }, ...result };
}

function meanChangeFromCounts(before: Histogram, after: Histogram, scale: Scale): Change {
  const moments = [checkedCounts(before, scale), checkedCounts(after, scale)].map((c) => {
    const n = total(c);
    const mean = n === 0 ? 0 : c.reduce((acc, count, score) => acc + count * score, 0) / n;
    const variance = n < 2 ? 0 : c.reduce((acc, count, score) => acc + count * (score - mean) ** 2, 0) / (n - 1);
    return { n, mean, variance };
  });
  const [b, a] = moments as [(typeof moments)[0], (typeof moments)[0]];
  const sides = { nBefore: b.n, nAfter: a.n };
  if (b.n === 0 || a.n === 0) return { difference: null, interval: null, ...sides };
  const d = a.mean - b.mean;
  if (b.n < 2 || a.n < 2) return { difference: d, interval: null, ...sides };
  const vb = b.variance / b.n;
  const va = a.variance / a.n;
  const se = Math.sqrt(vb + va);
  // Every answer the same on both sides: no spread, so the change is exactly what it is.
  if (se === 0) return { difference: d, interval: { low: d, high: d }, ...sides };
  // Rounded down, but not below a whole number that floating point misses by a hair (2.9999… for 3).
  const df = Math.max(1, Math.floor((vb + va) ** 2 / (vb ** 2 / (b.n - 1) + va ** 2 / (a.n - 1)) + 1e-9));
  const half = tCritical95(df) * se;
  return { difference: d, interval: { low: d - half, high: d + half }, ...sides };
}

export const cesChangeFromCounts = (before: Histogram, after: Histogram): Change => meanChangeFromCounts(before, after, CES_SCALE);
export const panelChangeFromCounts = (before: Histogram, after: Histogram): Change => meanChangeFromCounts(before, after, PANEL_SCALE);
