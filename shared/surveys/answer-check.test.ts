import { describe, expect, it } from 'vitest';
import { surveyDefinitionSchema } from './definition.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { checkSurveyAnswers, shownQuestions } from './answer-check.ts';
import { surveyAnswerSchema } from '../records.ts';
import type { SurveyAnswers } from './answer-types.ts';

describe('survey definition', () => {
  it('accepts every question type with show-if on earlier answers', () => {
    expect(surveyDefinitionSchema.safeParse(sampleDefinition).success).toBe(true);
  });

  it('refuses show-if on a later question, repeated ids, a reversed period and a long question of the day', () => {
    const later = structuredClone(sampleDefinition);
    later.questions[0]!.showIf = { questionId: 'ease', values: ['1'] };
    expect(surveyDefinitionSchema.safeParse(later).success).toBe(false);
    const twice = structuredClone(sampleDefinition);
    twice.questions[1]!.id = 'used';
    expect(surveyDefinitionSchema.safeParse(twice).success).toBe(false);
    const reversed = structuredClone(sampleDefinition);
    reversed.meta.period = { from: '2026-12-31', to: '2026-12-01' };
    expect(surveyDefinitionSchema.safeParse(reversed).success).toBe(false);
    const ofDay = structuredClone(sampleDefinition);
    ofDay.meta.questionOfDay = true;
    expect(surveyDefinitionSchema.safeParse(ofDay).success).toBe(false);
    ofDay.questions = [sampleDefinition.questions[0]!];
    expect(surveyDefinitionSchema.safeParse(ofDay).success).toBe(true);
  });
});

describe('checkSurveyAnswers', () => {
  const check = (answers: SurveyAnswers, complete = true) => checkSurveyAnswers(sampleDefinition, answers, complete);

  it('accepts a complete answer that follows the conditions', () => {
    expect(check({ used: true, ease: 2, what: { chosen: ['cv'], other: 'вакансии' }, where: 'home', note: 'Быстрее', nps: 0 })).toEqual({ ok: true });
    expect(check({ used: false })).toEqual({ ok: true });
  });

  it('shows a question only when the earlier answer is one of the values', () => {
    expect(shownQuestions(sampleDefinition, { used: false }).map((q) => q.id)).toEqual(['used', 'nps', 'where', 'note']);
    expect(shownQuestions(sampleDefinition, { used: true, ease: 5 }).map((q) => q.id)).toEqual(['used', 'ease', 'nps', 'where', 'note']);
    expect(shownQuestions(sampleDefinition, { used: true, ease: 1 }).map((q) => q.id)).toContain('what');
  });

  it('refuses a missing required answer only when complete', () => {
    expect(check({ used: true })).toMatchObject({ ok: false, reason: expect.stringContaining('ease') });
    expect(check({ used: true }, false)).toEqual({ ok: true });
  });

  it('refuses an answer to a hidden question, an unknown question and values that do not fit', () => {
    expect(check({ used: false, ease: 3 })).toMatchObject({ ok: false, reason: expect.stringContaining('не показывается') });
    expect(check({ used: true, ease: 3, extra: 1 })).toMatchObject({ ok: false, reason: expect.stringContaining('extra') });
    expect(check({ used: true, ease: 6 }).ok).toBe(false);
    expect(check({ used: true, ease: 3, nps: 11 }).ok).toBe(false);
    expect(check({ used: 'yes' }).ok).toBe(false);
    expect(check({ used: true, ease: 3, where: 'moon' }).ok).toBe(false);
    expect(check({ used: true, ease: 1, what: { chosen: ['cv', 'cv'], other: null } }).ok).toBe(false);
    expect(check({ used: true, ease: 1, what: { chosen: [], other: null } }).ok).toBe(false);
    expect(check({ used: true, ease: 1, what: { chosen: ['x'], other: null } }).ok).toBe(false);
  });
});

describe('survey answer record', () => {
  const record = {
    kind: 'survey-answer',
    id: '01938f5e-8b7a-7c3d-9e4f-0a1b2c3d4e5f',
    officeId: 'sharya',
    deviceId: 'kiosk-1',
    bornAt: '2026-12-05T10:00:00.000Z',
    surveyId: 'digital',
    version: 1,
    channel: 'kiosk',
    answers: { used: true, ease: 4, what: { chosen: ['cv'], other: ' другое ' } },
    complete: true,
  };

  it('parses with its survey, version and answers, trimming free text', () => {
    const parsed = surveyAnswerSchema.parse(record);
    expect(parsed.answers.what).toEqual({ chosen: ['cv'], other: 'другое' });
  });

  it('refuses an answer without its version or with a value of no known shape', () => {
    const { version: _v, ...noVersion } = record;
    expect(surveyAnswerSchema.safeParse(noVersion).success).toBe(false);
    expect(surveyAnswerSchema.safeParse({ ...record, answers: { used: [1] } }).success).toBe(false);
    expect(surveyAnswerSchema.safeParse({ ...record, answers: { used: 2.5 } }).success).toBe(false);
  });
});
