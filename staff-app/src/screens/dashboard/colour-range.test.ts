import { describe, expect, it } from 'vitest';
import { percentile, robustRange } from './colour-range.ts';

describe('robustRange', () => {
  it('leaves one extreme hour out of the scale', () => {
    const cells = [1.6, 4.3, 4.35, 4.4, 4.42, 4.45, 4.5, 4.52, 4.55, 4.6, 4.62, 4.65, 4.7, 4.72, 4.75, 4.8, 4.82, 4.85, 4.88, 4.9, 4.95].map((value) => ({ value, n: 100 }));
    const [low, high] = robustRange(cells, 30, 0.05, 0.95)!;
    expect(low).toBeCloseTo(4.3, 2);
    expect(high).toBeCloseTo(4.9, 2);
  });

  it('ignores values from too few answers and empty ones', () => {
    const range = robustRange([{ value: 1, n: 3 }, { value: null, n: 0 }, { value: 4.1, n: 50 }, { value: 4.5, n: 50 }], 30, 0, 1);
    expect(range).toEqual([4.1, 4.5]);
  });

  it('gives no range when the values do not differ', () => {
    expect(robustRange([{ value: 4.2, n: 50 }], 30, 0, 1)).toBeNull();
    expect(robustRange([{ value: 4.2, n: 50 }, { value: 4.2, n: 60 }], 30, 0, 1)).toBeNull();
  });

  it('interpolates percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([1, 2], 0.25)).toBe(1.25);
  });
});
