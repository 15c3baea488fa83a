import { describe, expect, it } from 'vitest';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { tallyQuestions } from './tally.ts';

describe('tallying one version’s answers', () => {
  const answers = [
    { used: true, ease: 5, nps: 10, note: 'Всё понятно' },
    { used: true, ease: 1, what: { chosen: ['cv', 'apply'], other: 'искал курсы' } },
    { used: false, where: 'home' },
    { used: true, ease: 4, nps: 7 },
  ];
  const byId = new Map(tallyQuestions(sampleDefinition, answers).map((q) => [q.id, q]));

  it('counts those who answered, shares of them and the mean of a scale', () => {
    const used = byId.get('used')!;
    expect(used.n).toBe(4);
    expect(used.distribution.map((d) => [d.value, d.count, d.share])).toEqual([
      ['yes', 3, 0.75],
      ['no', 1, 0.25],
    ]);
    const ease = byId.get('ease')!;
    expect(ease.n).toBe(3);
    expect(ease.mean).toBeCloseTo(10 / 3, 10);
    expect(ease.distribution.map((d) => d.count)).toEqual([1, 0, 0, 1, 1]);
    expect(byId.get('nps')!.mean).toBe(8.5);
    expect(byId.get('where')!.mean).toBeNull();
  });

  it('gives Wilson 95 % intervals: 3 of 4 is 30.1 %–95.4 %', () => {
    const yes = byId.get('used')!.distribution[0]!;
    expect(yes.interval!.low).toBeCloseTo(0.3006, 3);
    expect(yes.interval!.high).toBeCloseTo(0.9544, 3);
    expect(byId.get('where')!.distribution[1]!.interval).toMatchObject({ low: 0 });
  });

  it('counts multiple choice per respondent, «другое» as a row, and lists texts', () => {
    const what = byId.get('what')!;
    expect(what.n).toBe(1);
    expect(what.distribution.map((d) => [d.value, d.count])).toEqual([
      ['cv', 1],
      ['apply', 1],
      ['other', 1],
    ]);
    expect(what.texts).toEqual(['искал курсы']);
    expect(byId.get('note')!.texts).toEqual(['Всё понятно']);
    expect(byId.get('note')!.distribution).toEqual([]);
  });
});
