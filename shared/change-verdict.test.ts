import { describe, expect, it } from 'vitest';
import { judgeChange } from './change-verdict.ts';
import { cesChangeFromCounts, csatChangeFromCounts, npsChangeFromCounts, panelChangeFromCounts, shareChange } from './metrics.ts';

/** Known answers for the change intervals (metrics.ts) and the verdicts built on them. */
const close = (x: number | null | undefined, expected: number, digits = 3) => expect(x).toBeCloseTo(expected, digits);

describe('change intervals', () => {
  it("shares: Newcombe's method 10 on his own example, 56/70 against 48/80", () => {
    const change = shareChange({ successes: 48, n: 80 }, { successes: 56, n: 70 });
    close(change.difference, 20, 6);
    close(change.interval!.low, 5.24, 2);
    close(change.interval!.high, 33.39, 2);
  });

  it('shares at 0 % and 100 %: the interval stays inside the possible and excludes nothing it should not', () => {
    const none = shareChange({ successes: 0, n: 10 }, { successes: 0, n: 20 });
    expect(none.difference).toBe(0);
    close(none.interval!.low, -27.75, 2);
    close(none.interval!.high, 16.11, 2);
    const all = shareChange({ successes: 5, n: 5 }, { successes: 0, n: 5 });
    expect(all.difference).toBe(-100);
    close(all.interval!.low, -100, 6);
    close(all.interval!.high, -38.55, 2);
    expect(shareChange({ successes: 0, n: 0 }, { successes: 1, n: 2 })).toMatchObject({ difference: null, interval: null });
  });

  it("means: Welch's t by hand — before 1,2,3 (n 3), after 4,5 ×2 (n 4)", () => {
    // before: mean 2, s² 1; after: 4,4,5,5 → mean 4.5, s² 1/3. se² = 1/3 + 1/12 = 5/12.
    // df = (5/12)² / ((1/3)²/2 + (1/12)²/3) = 0.17361 / (0.05556 + 0.00231) = 3.0 → 3; t = 3.182.
    const change = cesChangeFromCounts([0, 1, 1, 1, 0, 0], [0, 0, 0, 0, 2, 2]);
    close(change.difference, 2.5, 6);
    const half = 3.182 * Math.sqrt(5 / 12);
    close(change.interval!.low, 2.5 - half, 3);
    close(change.interval!.high, 2.5 + half, 3);
  });

  it('means with no spread, and with a single answer on one side', () => {
    expect(panelChangeFromCounts([0, 0, 0, 0, 5, 0], [0, 0, 0, 0, 0, 7])).toMatchObject({ difference: 1, interval: { low: 1, high: 1 } });
    expect(panelChangeFromCounts([0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 7])).toMatchObject({ difference: 2, interval: null });
  });

  it('NPS: the two variances added — 50 promoters, 50 detractors before; 80 promoters, 20 passives after', () => {
    const before = [50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50]; // NPS 0, variance (0.5 + 0.5 − 0)/100 = 0.01
    const after = [0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 80]; // NPS 80, variance (0.8 − 0.64)/100 = 0.0016
    const change = npsChangeFromCounts(before, after);
    close(change.difference, 80, 6);
    const half = 1.959963984540054 * Math.sqrt(0.0116) * 100;
    close(change.interval!.low, 80 - half, 6);
    close(change.interval!.high, 80 + half, 6);
  });

  it('CSAT pools the three questions as the figure does', () => {
    const change = csatChangeFromCounts([0, 10, 10, 0, 10, 10], [0, 0, 0, 0, 20, 20]);
    close(change.difference, 50, 6);
    expect(change).toMatchObject({ nBefore: 40, nAfter: 40 });
  });
});

describe('verdicts', () => {
  // Synthetic periods where the answer is known.
  const panel = (ones: number, fives: number) => [0, ones, 0, 0, 0, fives];
  it('a real improvement: the panel from 3.0 to 4.2 with 200 presses each', () => {
    const verdict = judgeChange(panelChangeFromCounts(panel(100, 100), panel(40, 160)), 'higher', 'балла');
    expect(verdict).toMatchObject({ verdict: 'improved', words: 'улучшение' });
    expect(verdict.sentence).toMatch(/^Улучшение: \+1,2 балла \(95 % интервал от \+0,8 до \+1,6; до: 200 отв\., после: 200 отв\.\)\.$/);
  });

  it('no change: the same spread twice, any difference inside the noise', () => {
    const verdict = judgeChange(panelChangeFromCounts(panel(100, 100), panel(98, 102)), 'higher', 'балла');
    expect(verdict).toMatchObject({ verdict: 'no-change', words: 'без изменений' });
    expect(verdict.sentence).toContain('в пределах случайных колебаний');
  });

  it('too few answers: a big jump on 12 answers is not called an improvement', () => {
    const verdict = judgeChange(panelChangeFromCounts(panel(10, 2), panel(0, 12)), 'higher', 'балла');
    expect(verdict).toMatchObject({ verdict: 'too-few', words: 'мало данных' });
  });

  it('a share of negative feedback that falls is an improvement; one that rises is not', () => {
    const fell = shareChange({ successes: 60, n: 200 }, { successes: 20, n: 200 });
    expect(judgeChange(fell, 'lower', 'п. п.').verdict).toBe('improved');
    expect(judgeChange(fell, 'higher', 'п. п.').verdict).toBe('worse');
  });
});
