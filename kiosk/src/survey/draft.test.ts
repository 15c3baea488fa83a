import { describe, expect, it } from 'vitest';
import { responseSchema } from '../../../shared/records.ts';
import { COMMENT_MAX_LENGTH } from '../../../shared/surveys.ts';
import { draftHasContent, responseFromDraft } from './draft.ts';
import { draft } from '../../../test/support/survey-draft.ts';
import { progressLabel, surveySteps, welcomeLead } from './steps.ts';


describe('survey steps', () => {
  it('asks the five questions, the comment and, when there is a list, the service', () => {
    expect(surveySteps({ askService: true }).map((s) => (s.kind === 'question' ? s.key : s.kind))).toEqual(['csat1', 'csat2', 'csat3', 'ces', 'nps', 'comment', 'service']);
    expect(surveySteps({ askService: false })).toHaveLength(6);
    expect(progressLabel(1, 7)).toBe('Вопрос 2 из 7');
  });

  it('the welcome screen promises as many questions as the progress bar counts', () => {
    expect(welcomeLead(surveySteps({ askService: true }))).toBe('Семь коротких вопросов, два последних — по желанию, около минуты.');
    expect(welcomeLead(surveySteps({ askService: false }))).toBe('Шесть коротких вопросов, последний — по желанию, около минуты.');
  });
});

describe('responseFromDraft', () => {
  it('keeps only the answered questions and passes the shared schema', () => {
    const record = responseFromDraft(draft({ answers: { csat1: 5, nps: 0 }, comment: '  Спасибо!  ', serviceId: 'vacancies', desk: 'Окно 2' }), false);
    expect(record).toMatchObject({ answers: { csat1: 5, nps: 0 }, comment: 'Спасибо!', complete: false, serviceId: 'vacancies', desk: 'Окно 2' });
    expect(Object.keys(record.answers)).toEqual(['csat1', 'nps']);
    expect(responseSchema.safeParse(record).success).toBe(true);
  });

  it('turns an empty comment into null and cuts an overlong one to the limit', () => {
    expect(responseFromDraft(draft({ comment: '   ' }), true).comment).toBeNull();
    const long = responseFromDraft(draft({ comment: 'я'.repeat(COMMENT_MAX_LENGTH + 50) }), true);
    expect(long.comment).toHaveLength(COMMENT_MAX_LENGTH);
    expect(responseSchema.safeParse(long).success).toBe(true);
  });

  it('an emoji at the limit is left out whole, never cut in half', () => {
    const atLimit = responseFromDraft(draft({ comment: `${'я'.repeat(COMMENT_MAX_LENGTH - 1)}😀` }), true);
    expect(atLimit.comment).toBe('я'.repeat(COMMENT_MAX_LENGTH - 1));
    const fits = responseFromDraft(draft({ comment: `${'я'.repeat(COMMENT_MAX_LENGTH - 2)}😀` }), true);
    expect(fits.comment).toBe(`${'я'.repeat(COMMENT_MAX_LENGTH - 2)}😀`);
  });

  it('a survey with no score and no comment says nothing', () => {
    expect(draftHasContent(draft())).toBe(false);
    expect(draftHasContent(draft({ comment: ' ' }))).toBe(false);
    expect(draftHasContent(draft({ answers: { ces: 3 } }))).toBe(true);
    expect(draftHasContent(draft({ comment: 'очередь' }))).toBe(true);
  });
});
