import { describe, expect, it } from 'vitest';
import type { Template } from '../../../../shared/api/mystery-shopper.ts';
import { checkTemplate, emptyTemplate, moved, newCriterion } from './template-form-state.ts';
import { checkVisit, emptyVisit, liveScore } from './visit-form-state.ts';

const TEMPLATE: Template = {
  id: '01900000-0000-7000-8000-000000000001',
  familyId: '01900000-0000-7000-8000-000000000001',
  version: 1,
  name: 'Консультация',
  goals: '',
  scenario: 'Клиент спрашивает о пособии',
  criteria: [
    { id: 'a', text: 'Поздоровался', group: 'Встреча', weight: 2 },
    { id: 'b', text: 'Назвал документы', group: 'Консультация', weight: 8 },
  ],
  createdBy: 'cx',
  createdAt: 0,
  updatedAt: 0,
  visits: 0,
  newestId: '01900000-0000-7000-8000-000000000001',
};

describe('the template editor’s check', () => {
  it('names each empty or impossible field by the hub’s path, in the hub’s words', () => {
    const draft = { ...emptyTemplate(), criteria: [{ ...newCriterion(), weight: '0' }, { ...newCriterion(), text: 'Вежлив', weight: '2,5' }, { ...newCriterion(), text: 'вежлив', weight: '3' }] };
    const checked = checkTemplate(draft);
    expect(checked.ok ? {} : checked.errors).toEqual({
      name: 'название анкеты: не заполнено',
      scenario: 'сценарий взаимодействия: не заполнено',
      'criteria.0.text': 'критерий: не заполнено',
      'criteria.0.weight': 'вес: от 1 до 10',
      'criteria.1.weight': 'вес: целое число от 1 до 10',
      'criteria.2.text': 'такой критерий в этом разделе уже есть',
    });
  });

  it('gives the hub trimmed text, whole weights and the kept ids', () => {
    const draft = { name: ' Анкета ', goals: '', scenario: 'Сценарий', criteria: [{ ...newCriterion(' Встреча '), id: 'a', text: ' Поздоровался ', weight: ' 3 ' }] };
    expect(checkTemplate(draft)).toEqual({ ok: true, body: { name: 'Анкета', goals: '', scenario: 'Сценарий', criteria: [{ id: 'a', text: 'Поздоровался', group: 'Встреча', weight: 3 }] } });
    expect(moved(['x', 'y', 'z'], 0, 1)).toEqual(['y', 'x', 'z']);
    expect(moved(['x', 'y'], 0, -1)).toEqual(['x', 'y']);
  });
});

describe('the visit form', () => {
  it('computes the score live, as the hub will: nothing until something that applies is marked', () => {
    expect(liveScore(TEMPLATE.criteria, {})).toBeNull();
    expect(liveScore(TEMPLATE.criteria, { a: { mark: 'met', note: '' } })).toBe(100);
    expect(liveScore(TEMPLATE.criteria, { a: { mark: 'met', note: '' }, b: { mark: 'partly', note: '' } })).toBe(60);
    expect(liveScore(TEMPLATE.criteria, { a: { mark: 'na', note: '' }, b: { mark: 'missed', note: '' } })).toBe(0);
  });

  it('says beside each field what is missing: a future day or time, an unmarked criterion, the conclusions', () => {
    const draft = { ...emptyVisit(TEMPLATE, 'sharya', '2026-03-10'), visitedOn: '2026-03-11', shopper: 'К-7', marks: { a: { mark: 'met' as const, note: '' } } };
    const checked = checkVisit(draft, TEMPLATE.criteria, '2026-03-10', '09:00');
    expect(checked.ok ? {} : checked.errors).toEqual({
      visitedOn: 'дата визита 11.03.2026 ещё не наступила: визит записывается после того, как состоялся',
      'marks.1.mark': 'отметьте: выполнено, частично, не выполнено или не применимо',
      conclusions: 'выводы: не заполнено',
    });
    const later = checkVisit({ ...draft, visitedOn: '2026-03-10', visitedTime: '17:30' }, TEMPLATE.criteria, '2026-03-10', '09:00');
    expect(later.ok ? {} : later.errors).toMatchObject({ visitedTime: 'время визита 17:30 сегодня ещё не наступило' });
  });

  it('sends the marks in the template’s order with their notes, and no time when none is typed', () => {
    const draft = { ...emptyVisit(TEMPLATE, 'sharya', '2026-03-10'), shopper: ' К-7 ', conclusions: 'Неполно', marks: { b: { mark: 'missed' as const, note: ' нет ' }, a: { mark: 'met' as const, note: '' } } };
    const checked = checkVisit(draft, TEMPLATE.criteria, '2026-03-10', '09:00');
    expect(checked.ok && checked.content).toMatchObject({
      visitedTime: null,
      shopper: 'К-7',
      scenario: 'Клиент спрашивает о пособии',
      marks: [
        { criterionId: 'a', mark: 'met', note: '' },
        { criterionId: 'b', mark: 'missed', note: 'нет' },
      ],
    });
  });
});
