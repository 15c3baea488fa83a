import { describe, expect, it } from 'vitest';
import { judgePress } from './misuse.ts';

describe('misuse rule', () => {
  it('the first press on a panel counts', () => {
    expect(judgePress(null, 1000, 3000)).toBeNull();
  });
  it('a press within the interval of the last counted one is suppressed as too soon', () => {
    expect(judgePress(1000, 1000, 3000)).toBe('too-soon');
    expect(judgePress(1000, 3999, 3000)).toBe('too-soon');
  });
  it('a press at or after the interval counts', () => {
    expect(judgePress(1000, 4000, 3000)).toBeNull();
  });
  it('interval 0 turns the rule off; a clock set back does not suppress', () => {
    expect(judgePress(1000, 1000, 0)).toBeNull();
    expect(judgePress(5000, 1000, 3000)).toBeNull();
  });
});
