import { describe, expect, it } from 'vitest';
import { cesIntervalFromCounts, csatIntervalFromCounts, meanInterval, npsIntervalFromCounts, panelIntervalFromCounts, tCritical95, wilsonInterval } from './metrics.ts';

/** Known answers from statistical tables and worked examples, to three decimals. */
describe('95 % intervals', () => {
  it("Wilson's interval: 8 of 10, 0 of 10, 10 of 10 (Newcombe 1998's method 3)", () => {
    const eight = wilsonInterval(8, 10)!;
    expect(eight.low).toBeCloseTo(0.4902, 4);
    expect(eight.high).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) as number });
    expect(wilsonInterval(10, 10)!.low).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(10, 10)!.high).toBeCloseTo(1, 10);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("Student's t critical values: the table and the expansion beyond it", () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(10)).toBe(2.228);
    expect(tCritical95(30)).toBe(2.042);
    expect(tCritical95(40)).toBeCloseTo(2.021, 3);
    expect(tCritical95(120)).toBeCloseTo(1.98, 3);
    expect(tCritical95(100_000)).toBeCloseTo(1.96, 3);
    expect(() => tCritical95(0)).toThrow();
  });

  it('the mean of 1, 2, 3, 4, 5: 3 ± 2.776 · 1.581 / √5', () => {
    const interval = cesIntervalFromCounts([0, 1, 1, 1, 1, 1])!;
    expect(interval.low).toBeCloseTo(1.037, 3);
    expect(interval.high).toBeCloseTo(4.963, 3);
    expect(panelIntervalFromCounts([0, 0, 0, 0, 0, 7])).toEqual({ low: 5, high: 5 });
    expect(panelIntervalFromCounts([0, 0, 0, 0, 0, 1])).toBeNull();
  });

  it('a mean interval stays on its scale', () => {
    const interval = panelIntervalFromCounts([0, 1, 0, 0, 0, 1])!;
    expect(interval).toEqual({ low: 1, high: 5 });
  });

  it('CSAT in per cent: 8 answers of 4–5 out of 10', () => {
    const interval = csatIntervalFromCounts([0, 1, 0, 1, 4, 4])!;
    expect(interval.low).toBeCloseTo(49.02, 2);
    expect(interval.high).toBeCloseTo(94.33, 2);
  });

  it('NPS: 50 promoters, 25 passives, 25 detractors of 100 gives 25 ± 16.25', () => {
    const counts = [25, 0, 0, 0, 0, 0, 0, 25, 0, 50, 0];
    const interval = npsIntervalFromCounts(counts)!;
    expect(interval.low).toBeCloseTo(8.75, 2);
    expect(interval.high).toBeCloseTo(41.25, 2);
    expect(npsIntervalFromCounts(new Array(11).fill(0))).toBeNull();
  });

  it('the mean of values that are not whole scores (visit scores 45 %, 85 %, 70 %): the same t interval, kept within its bounds', () => {
    // 66.67 ± 4.303 · 20.207 / √3
    const interval = meanInterval([45, 85, 70], 0, 100)!;
    expect(interval.low).toBeCloseTo(16.47, 2);
    expect(interval.high).toBe(100);
    expect(meanInterval([1, 2, 3, 4, 5], 1, 5)).toEqual(cesIntervalFromCounts([0, 1, 1, 1, 1, 1]));
    expect(meanInterval([80], 0, 100)).toBeNull();
  });
});
