import { describe, expect, it } from 'vitest';
import { surveyDefinitionSchema } from '../../../../shared/surveys/definition.ts';
import { changeType, emptyDefinition, move, newQuestion, nextId, pathWords, unplacedErrors, withValidConditions } from './builder-state.ts';

describe('the survey builder steps', () => {
  it('a new survey runs 30 days from today; new questions take free ids', () => {
    expect(emptyDefinition('2026-12-05').meta.period).toEqual({ from: '2026-12-05', to: '2027-01-04' });
    expect(nextId('q', ['q1', 'q3'])).toBe('q4');
    expect(nextId('q', ['q2'])).toBe('q3');
    const q = newQuestion('multiple', []);
    expect(q).toMatchObject({ id: 'q1', type: 'multiple', other: false, options: [{ id: 'o1' }, { id: 'o2' }] });
  });

  it('a question filled in by the builder passes the shared schema; a type change keeps what fits', () => {
    const d = emptyDefinition('2026-12-05');
    d.meta.title = 'Опрос';
    const single = newQuestion('single', []);
    if (single.type !== 'single') throw new Error('single');
    single.text = 'Где?';
    single.options = [
      { id: 'o1', label: 'Дома' },
      { id: 'o2', label: 'В центре' },
    ];
    const multiple = changeType(single, 'multiple');
    expect(multiple).toMatchObject({ type: 'multiple', text: 'Где?', options: single.options, other: false });
    expect(surveyDefinitionSchema.safeParse({ ...d, questions: [multiple] }).success).toBe(true);
    expect(changeType(multiple, 'scale-5')).toMatchObject({ type: 'scale-5', minLabel: 'очень плохо' });
  });

  it('moving a question above its condition drops the condition; errors read in words', () => {
    const a = { ...newQuestion('yes-no', []), text: 'a' };
    const b = { ...newQuestion('text', [a]), showIf: { questionId: a.id, values: ['yes'] } };
    expect(withValidConditions(move([a, b], 1, 0))[0]!.showIf).toBeNull();
    expect(withValidConditions([a, b])[1]!.showIf).not.toBeNull();
    expect(pathWords('definition.questions.2.options.0.label')).toBe('вопрос 3, вариант 1, текст варианта');
    expect(pathWords('definition.meta.title')).toBe('название');
    expect(unplacedErrors({ 'definition.meta.title': 'x', 'definition.questions': 'вопрос дня — один вопрос' }, new Set(['definition.meta.title']))).toEqual(['вопросы: вопрос дня — один вопрос']);
  });
});
