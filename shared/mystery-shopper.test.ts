import { describe, expect, it } from 'vitest';
import { newRecordId } from './ids.ts';
import { marksProblems, templateContentKey, templateContentSchema, templateCreateSchema, visitContentKey, visitContentSchema, visitCreateSchema } from './mystery-shopper.ts';

const template = {
  name: 'Консультация по пособию',
  goals: 'Проверить, как отделение консультирует о пособии',
  scenario: 'Клиент спрашивает, какие документы нужны для пособия',
  criteria: [
    { text: 'Поздоровался, представился', group: 'Встреча', weight: 2 },
    { text: 'Назвал все документы', weight: 5 },
  ],
};

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.map(String).join('.'), i.message]));

describe('a template’s schema', () => {
  it('fills defaults (no group, no goals, new criteria without ids) and trims', () => {
    const parsed = templateContentSchema.parse({ ...template, name: '  Консультация по пособию  ', goals: undefined });
    expect(parsed.name).toBe('Консультация по пособию');
    expect(parsed.goals).toBe('');
    expect(parsed.criteria[1]).toEqual({ id: null, text: 'Назвал все документы', group: '', weight: 5 });
  });

  it('names each bad field in Russian', () => {
    const result = templateContentSchema.safeParse({ name: ' ', scenario: '', criteria: [{ text: 'Вежлив', weight: 0 }, { text: 'Быстро', weight: 2.5 }, { text: '', weight: 11 }] });
    expect(paths(result)).toEqual({
      name: 'название анкеты: не заполнено',
      scenario: 'сценарий взаимодействия: не заполнено',
      'criteria.0.weight': 'вес: от 1 до 10',
      'criteria.1.weight': 'вес: целое число от 1 до 10',
      'criteria.2.text': 'критерий: не заполнено',
      'criteria.2.weight': 'вес: от 1 до 10',
    });
    expect(paths(templateContentSchema.safeParse({ ...template, criteria: [] }))).toEqual({ criteria: 'критерии: нужен хотя бы один' });
  });

  it('refuses a criterion twice in one group, or one id twice', () => {
    const id = newRecordId();
    const twice = templateContentSchema.safeParse({ ...template, criteria: [{ id, text: 'Вежлив', weight: 1 }, { id, text: 'вежлив', weight: 2 }] });
    expect(paths(twice)).toEqual({ 'criteria.1.id': 'критерий повторяется', 'criteria.1.text': 'такой критерий в этом разделе уже есть' });
    // The same words under another heading are another criterion.
    expect(templateContentSchema.safeParse({ ...template, criteria: [{ text: 'Вежлив', group: 'Вход', weight: 1 }, { text: 'Вежлив', group: 'Приём', weight: 1 }] }).success).toBe(true);
  });

  it('a new template carries a UUIDv7 from the form; the content key ignores the criteria’s ids', () => {
    expect(paths(templateCreateSchema.safeParse({ id: 'x', content: template }))).toEqual({ id: 'UUIDv7 в нижнем регистре' });
    const a = templateContentSchema.parse(template);
    const b = templateContentSchema.parse({ ...template, criteria: template.criteria.map((c) => ({ ...c, id: newRecordId() })) });
    expect(templateContentKey(a)).toBe(templateContentKey(b));
    expect(templateContentKey(a)).not.toBe(templateContentKey({ ...a, criteria: [{ ...a.criteria[0]!, weight: 3 }, a.criteria[1]!] }));
  });
});

describe('a visit’s schema', () => {
  const greet = newRecordId();
  const docs = newRecordId();
  const visit = {
    templateId: newRecordId(),
    officeId: 'sharya',
    visitedOn: '2026-03-02',
    visitedTime: '10:40',
    scenario: 'Спросил о документах для пособия',
    shopper: 'Клиент-7',
    marks: [
      { criterionId: greet, mark: 'met' },
      { criterionId: docs, mark: 'partly', note: 'забыл про справку о доходах' },
    ],
    conclusions: 'Консультация неполная',
  };

  it('accepts a whole visit and fills the optional texts', () => {
    const parsed = visitContentSchema.parse(visit);
    expect(parsed).toMatchObject({ notes: '', proposals: '', marks: [{ note: '' }, { note: 'забыл про справку о доходах' }] });
    expect(visitContentKey(parsed)).toBe(visitContentKey(visitContentSchema.parse({ ...visit, notes: '' })));
  });

  it('names each bad field: the day, the time, the pseudonym, the mark, the conclusions', () => {
    const result = visitCreateSchema.safeParse({
      id: newRecordId(),
      content: { ...visit, visitedOn: '2026-02-30', visitedTime: '25:00', shopper: '', marks: [{ criterionId: greet, mark: 'good' }], conclusions: '' },
    });
    expect(paths(result)).toEqual({
      'content.visitedOn': 'дата ГГГГ-ММ-ДД',
      'content.visitedTime': 'время визита: ЧЧ:ММ',
      'content.shopper': 'псевдоним тайного клиента: не заполнено',
      'content.marks.0.mark': 'отметка: выполнено, частично, не выполнено или не применимо',
      'content.conclusions': 'выводы: не заполнено',
    });
  });

  it('every criterion of the version marked once, none from elsewhere, one that applies', () => {
    const criteria = [{ id: greet }, { id: docs }];
    const parsed = visitContentSchema.parse(visit);
    expect(marksProblems(criteria, parsed.marks)).toEqual({});
    expect(marksProblems(criteria, parsed.marks.slice(0, 1))).toEqual({ marks: 'отметьте каждый критерий: не отмечено 1' });
    expect(marksProblems(criteria, [...parsed.marks, { criterionId: newRecordId(), mark: 'met', note: '' }])).toEqual({ 'marks.2.criterionId': 'такого критерия нет в этой версии анкеты' });
    expect(marksProblems(criteria, [parsed.marks[0]!, parsed.marks[0]!])).toMatchObject({ 'marks.1.criterionId': 'критерий отмечен дважды' });
    expect(marksProblems(criteria, parsed.marks.map((m) => ({ ...m, mark: 'na' as const })))).toEqual({ marks: 'все критерии «не применимо»: оценку не посчитать' });
  });
});
