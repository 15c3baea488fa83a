import { describe, expect, it } from 'vitest';
import { tCritical95 } from './metrics.ts';
import { criterionShares, officeScores, visitScore } from './mystery-shopper-score.ts';

const criteria = [
  { id: 'greet', weight: 2 },
  { id: 'queue', weight: 5 },
  { id: 'answer', weight: 3 },
];

describe('a visit’s score', () => {
  it('Σ(weight × value) / Σ(weight) in per cent: met 1, partly 0.5, missed 0', () => {
    // 2·1 + 5·0.5 + 3·0 = 4.5 of 10
    expect(visitScore(criteria, [{ criterionId: 'greet', mark: 'met' }, { criterionId: 'queue', mark: 'partly' }, { criterionId: 'answer', mark: 'missed' }])).toBeCloseTo(45, 10);
    expect(visitScore(criteria, criteria.map((c) => ({ criterionId: c.id, mark: 'met' as const })))).toBe(100);
    expect(visitScore(criteria, criteria.map((c) => ({ criterionId: c.id, mark: 'missed' as const })))).toBe(0);
  });

  it('«не применимо» leaves the criterion out of both sums', () => {
    // queue n/a: (2·1 + 3·0) / (2 + 3) = 40 %
    expect(visitScore(criteria, [{ criterionId: 'greet', mark: 'met' }, { criterionId: 'queue', mark: 'na' }, { criterionId: 'answer', mark: 'missed' }])).toBeCloseTo(40, 10);
  });

  it('no score when nothing applies; marks of criteria not in the template are ignored', () => {
    expect(visitScore(criteria, criteria.map((c) => ({ criterionId: c.id, mark: 'na' as const })))).toBeNull();
    expect(visitScore(criteria, [])).toBeNull();
    expect(visitScore(criteria, [{ criterionId: 'elsewhere', mark: 'met' }, { criterionId: 'answer', mark: 'partly' }])).toBe(50);
  });
});

describe('an office’s score over a period', () => {
  it('the mean of its visits with n, lowest office first; an interval only from two visits on', () => {
    const scores = officeScores([
      { officeId: 'buy', score: 90 },
      { officeId: 'sharya', score: 60 },
      { officeId: 'sharya', score: 80 },
      { officeId: 'sharya', score: 70 },
    ]);
    expect(scores.map((s) => [s.officeId, s.n, s.mean])).toEqual([
      ['sharya', 3, 70],
      ['buy', 1, 90],
    ]);
    expect(scores[1]!.interval).toBeNull();
    // 70 ± t(2) · 10 / √3
    const half = (tCritical95(2) * 10) / Math.sqrt(3);
    expect(scores[0]!.interval!.low).toBeCloseTo(70 - half, 10);
    expect(scores[0]!.interval!.high).toBeCloseTo(70 + half, 10);
  });

  it('the interval stays within 0–100 %', () => {
    const [office] = officeScores([
      { officeId: 'buy', score: 100 },
      { officeId: 'buy', score: 40 },
    ]);
    expect(office!.interval).toEqual({ low: 0, high: 100 });
  });
});

describe('each criterion’s share met across visits', () => {
  it('partly counts half, n/a is left out, weakest first; a criterion that never applied comes last', () => {
    const visits = [
      { marks: [{ criterionId: 'greet', mark: 'met' as const }, { criterionId: 'queue', mark: 'missed' as const }, { criterionId: 'answer', mark: 'partly' as const }] },
      { marks: [{ criterionId: 'greet', mark: 'met' as const }, { criterionId: 'queue', mark: 'partly' as const }, { criterionId: 'answer', mark: 'na' as const }] },
    ];
    const shares = criterionShares(['greet', 'queue', 'answer', 'toilet'], visits);
    expect(shares.map((s) => [s.criterionId, s.share, s.n])).toEqual([
      ['queue', 0.25, 2],
      ['answer', 0.5, 1],
      ['greet', 1, 2],
      ['toilet', null, 0],
    ]);
    expect(shares[0]).toMatchObject({ met: 0, partly: 1, missed: 1, na: 0 });
    expect(shares[1]).toMatchObject({ partly: 1, na: 1 });
  });

  it('equal shares: more «не выполнено» first, then the template’s order', () => {
    const visits = [
      { marks: [{ criterionId: 'a', mark: 'partly' as const }, { criterionId: 'b', mark: 'met' as const }, { criterionId: 'c', mark: 'partly' as const }] },
      { marks: [{ criterionId: 'a', mark: 'partly' as const }, { criterionId: 'b', mark: 'missed' as const }, { criterionId: 'c', mark: 'partly' as const }] },
    ];
    expect(criterionShares(['a', 'b', 'c'], visits).map((s) => s.criterionId)).toEqual(['b', 'a', 'c']);
  });
});
