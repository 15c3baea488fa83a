import { meanInterval, type Interval } from './metrics.ts';
import { MARK_VALUE, type Mark } from './mystery-shopper-words.ts';

/**
 * The mystery shopper's scores (order No. 308, 2.3), pure and zod-free: the visit form computes
 * the score live with the same function the hub stores it with.
 *
 * A visit's score is Σ(weight × value) / Σ(weight of the criteria that apply) as a percentage, a
 * criterion «не применимо» counting in neither sum. An office's score over a period is the mean of
 * its visits' scores, with Student's t 95 % interval from two visits on (shared/metrics.ts). A
 * criterion's share met is the mean of its values over the visits it applied to (a «частично»
 * counts half).
 */
export interface WeightedCriterion {
  id: string;
  weight: number;
}

export interface CriterionMark {
  criterionId: string;
  mark: Mark;
}

/** The visit's score in per cent; null when no criterion applies (or none is marked). */
export function visitScore(criteria: readonly WeightedCriterion[], marks: readonly CriterionMark[]): number | null {
  const markOf = new Map(marks.map((m) => [m.criterionId, m.mark]));
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    const mark = markOf.get(c.id);
    const value = mark === undefined ? null : MARK_VALUE[mark];
    if (value === null) continue;
    weighted += c.weight * value;
    weights += c.weight;
  }
  return weights === 0 ? null : (weighted / weights) * 100;
}

export interface OfficeScore {
  officeId: string;
  /** Visits counted. */
  n: number;
  /** The mean of the visits' scores, per cent. */
  mean: number;
  /** 95 %, per cent; null below two visits. */
  interval: Interval | null;
}

/** Each office's mean score over the visits given, lowest first (ties by office id). */
export function officeScores(visits: readonly { officeId: string; score: number }[]): OfficeScore[] {
  const byOffice = new Map<string, number[]>();
  for (const v of visits) byOffice.set(v.officeId, [...(byOffice.get(v.officeId) ?? []), v.score]);
  return [...byOffice.entries()]
    .map(([officeId, scores]) => ({ officeId, n: scores.length, mean: scores.reduce((a, s) => a + s, 0) / scores.length, interval: meanInterval(scores, 0, 100) }))
    .sort((a, b) => a.mean - b.mean || a.officeId.localeCompare(b.officeId));
}

export interface CriterionShare {
  criterionId: string;
  /** Visits the criterion applied to. */
  n: number;
  met: number;
  partly: number;
  missed: number;
  /** Visits it did not apply to. */
  na: number;
  /** The mean value over the visits it applied to, 0–1; null when it applied to none. */
  share: number | null;
}

/**
 * Per criterion (in the order given), how often it was met over the visits; a criterion a visit's
 * template version did not have is simply not counted for that visit. Sorted weakest first: the
 * lowest share, then the most «не выполнено»; criteria that never applied last.
 */
export function criterionShares(criterionIds: readonly string[], visits: readonly { marks: readonly CriterionMark[] }[]): CriterionShare[] {
  const shares = criterionIds.map((criterionId): CriterionShare => ({ criterionId, n: 0, met: 0, partly: 0, missed: 0, na: 0, share: null }));
  const index = new Map(shares.map((s) => [s.criterionId, s]));
  for (const visit of visits) {
    for (const m of visit.marks) {
      const s = index.get(m.criterionId);
      if (!s) continue;
      s[m.mark]++;
      if (m.mark !== 'na') s.n++;
    }
  }
  for (const s of shares) s.share = s.n === 0 ? null : (s.met + s.partly * 0.5) / s.n;
  const order = new Map(criterionIds.map((id, i) => [id, i]));
  return shares.sort((a, b) => {
    if (a.share === null || b.share === null) return a.share === b.share ? order.get(a.criterionId)! - order.get(b.criterionId)! : a.share === null ? 1 : -1;
    return a.share - b.share || b.missed - a.missed || order.get(a.criterionId)! - order.get(b.criterionId)!;
  });
}
