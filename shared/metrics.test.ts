import { describe, expect, it } from 'vitest';
import { ces, csat, csatFromCounts, isSmallSample, nps, npsFromCounts, panelAverage, ScoreOutOfRangeError } from './metrics.ts';

describe('csat', () => {
  it('is the share of 4s and 5s times 100', () => {
    expect(csat([5, 4, 3, 2, 1])).toEqual({ value: 40, n: 5 });
    expect(csat([5, 5, 4, 4])).toEqual({ value: 100, n: 4 });
    expect(csat([1, 2, 3])).toEqual({ value: 0, n: 3 });
  });
  it('keeps the value unrounded', () => {
    expect(csat([5, 4, 1]).value).toBeCloseTo(66.6666666, 6);
  });
  it('is null with n = 0', () => {
    expect(csat([])).toEqual({ value: null, n: 0 });
  });
  it('works on a single answer', () => {
    expect(csat([4])).toEqual({ value: 100, n: 1 });
  });
  it('pooled three questions: 3 respondents × 3 answers', () => {
    // Respondent A: 5,5,4; B: 3,4,2; C: 1,5,5 → 4s and 5s: 6 of 9.
    expect(csat([5, 5, 4, 3, 4, 2, 1, 5, 5]).value).toBeCloseTo((6 / 9) * 100, 10);
  });
  it('equals the histogram form', () => {
    expect(csatFromCounts([0, 1, 1, 1, 1, 1])).toEqual(csat([1, 2, 3, 4, 5]));
  });
});

describe('nps', () => {
  it('all detractors is -100', () => {
    expect(nps([0, 1, 2, 3, 4, 5, 6]).value).toBe(-100);
  });
  it('all promoters is +100', () => {
    expect(nps([9, 10, 10]).value).toBe(100);
  });
  it('passives count in n but in neither share', () => {
    const figure = nps([7, 8, 9, 6]);
    expect(figure).toEqual({ value: 0, n: 4, promoters: 25, passives: 50, detractors: 25 });
  });
  it('is null with n = 0', () => {
    expect(nps([])).toEqual({ value: null, n: 0, promoters: null, passives: null, detractors: null });
  });
  it('single answer', () => {
    expect(nps([6]).value).toBe(-100);
    expect(nps([8]).value).toBe(0);
  });
  it('hand-computed mix', () => {
    // 10 answers: promoters 4 (9,9,10,10), passives 3 (7,7,8), detractors 3 (0,5,6) → 40 − 30 = 10
    expect(nps([9, 9, 10, 10, 7, 7, 8, 0, 5, 6]).value).toBeCloseTo(10, 10);
    expect(npsFromCounts([1, 0, 0, 0, 0, 1, 1, 2, 1, 2, 2]).value).toBeCloseTo(10, 10);
  });
});

describe('ces and panel average', () => {
  it('ces is the mean', () => {
    expect(ces([1, 2, 3, 4, 5])).toEqual({ value: 3, n: 5 });
    expect(ces([5])).toEqual({ value: 5, n: 1 });
    expect(ces([])).toEqual({ value: null, n: 0 });
    expect(ces([4, 5, 5]).value).toBeCloseTo(14 / 3, 12);
  });
  it('panel average is the mean of scores', () => {
    expect(panelAverage([1, 3, 5, 5])).toEqual({ value: 3.5, n: 4 });
    expect(panelAverage([])).toEqual({ value: null, n: 0 });
  });
});

describe('bad input throws, never dropped', () => {
  it.each([
    ['csat 0', () => csat([0])],
    ['csat 6', () => csat([4, 6])],
    ['csat 4.5', () => csat([4.5])],
    ['csat NaN', () => csat([Number.NaN])],
    ['nps 11', () => nps([11])],
    ['nps -1', () => nps([-1])],
    ['ces 0', () => ces([0])],
    ['panel 6', () => panelAverage([6])],
  ])('%s', (_name, fn) => {
    expect(fn).toThrow(ScoreOutOfRangeError);
  });
  it('the message names the scale and the value', () => {
    expect(() => nps([12])).toThrow(/NPS: ответ 12 вне шкалы 0–10/);
  });
  it('histogram with a count outside the scale throws', () => {
    expect(() => csatFromCounts([3, 1])).toThrow(ScoreOutOfRangeError);
  });
});

it('small-sample flag under 30 answers', () => {
  expect(isSmallSample({ value: 1, n: 29 })).toBe(true);
  expect(isSmallSample({ value: 1, n: 30 })).toBe(false);
});
