import { describe, expect, it } from 'vitest';
import { surveySummarySchema } from '../records.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { summaryFigures } from './summary-figures.ts';
import { summaryFiguresSchema } from './summary-schema.ts';

/** The summary form's figures (order No. 308, 2.2), worked out by hand for a few answers of every question type. */
describe('summaryFigures', () => {
  const taken = [
    { answers: { used: true, ease: 2, nps: 10, where: 'home', what: { chosen: ['cv', 'apply'], other: 'вакансии' }, note: 'Быстрее' }, complete: true },
    { answers: { used: true, ease: 5, nps: 7, where: 'office' }, complete: true },
    { answers: { used: false, nps: 8 }, complete: true },
    { answers: { used: true, ease: 1, what: { chosen: [], other: 'справка' } }, complete: false },
  ];

  it('counts visitors asked, answered, complete and refused', () => {
    expect(summaryFigures(sampleDefinition, taken, 3)).toMatchObject({ asked: 7, answered: 4, complete: 3, refused: 3 });
  });

  it('per question: n, every value counted (zeros too), a scale’s mean to two places', () => {
    const q = Object.fromEntries(summaryFigures(sampleDefinition, taken, 0).questions.map((x) => [x.id, x]));
    expect(q.used).toEqual({ id: 'used', n: 4, counts: { yes: 3, no: 1 }, mean: null });
    expect(q.ease).toEqual({ id: 'ease', n: 3, counts: { '1': 1, '2': 1, '3': 0, '4': 0, '5': 1 }, mean: 2.67 });
    expect(q.nps?.counts).toEqual({ '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0, '7': 1, '8': 1, '9': 0, '10': 1 });
    expect(q.nps?.mean).toBe(8.33);
    expect(q.where).toEqual({ id: 'where', n: 2, counts: { home: 1, office: 1 }, mean: null });
    // Multiple choice counts respondents per option, «другое» as "other".
    expect(q.what).toEqual({ id: 'what', n: 2, counts: { cv: 1, apply: 1, other: 2 }, mean: null });
    expect(q.note).toEqual({ id: 'note', n: 1, counts: {}, mean: null });
  });

  it('with nobody asked: zeros and no means, in the questions’ order', () => {
    const empty = summaryFigures(sampleDefinition, [], 0);
    expect(empty).toMatchObject({ asked: 0, answered: 0, complete: 0, refused: 0 });
    expect(empty.questions.map((q) => [q.id, q.n, q.mean])).toEqual(sampleDefinition.questions.map((q) => [q.id, 0, null]));
  });

  it('fits the schema every hop checks the summary record with', () => {
    const figures = summaryFigures(sampleDefinition, taken, 1);
    expect(summaryFiguresSchema.safeParse(figures).success).toBe(true);
    const record = { kind: 'survey-summary', id: '01890a5d-ac96-774b-bcce-b302099a8057', officeId: 'sharya', deviceId: 'interviewer', bornAt: '2026-12-10T15:00:00.000Z', surveyId: 'digital', version: 1, period: { from: '2026-12-10', to: '2026-12-10' }, filledBy: 'clerk', figures, remarks: null };
    expect(surveySummarySchema.safeParse(record).success).toBe(true);
    expect(surveySummarySchema.safeParse({ ...record, period: { from: '2026-12-11', to: '2026-12-10' } }).success).toBe(false);
    expect(surveySummarySchema.safeParse({ ...record, remarks: '' }).success).toBe(false);
  });
});
