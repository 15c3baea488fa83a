import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import type { SurveyResponse } from '../../shared/records.ts';
import { ID_TIME_TOLERANCE_MS, PUBLIC_ANSWER_MAX_AGE_MS, PUBLIC_ANSWER_MAX_AHEAD_MS, publicAnswerProblem, type AnswerFacts } from './answer-checks.ts';

const NOW = Date.parse('2026-11-25T09:00:00.000Z');
const idAt = (ms: number) => {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}${newRecordId().slice(13)}`;
};
const answer = (bornAt: number, over: Partial<SurveyResponse> = {}): SurveyResponse => ({
  kind: 'response', id: idAt(bornAt), officeId: 'sharya', deviceId: 'phone', bornAt: new Date(bornAt).toISOString(),
  channel: 'qr-poster', answers: { csat1: 5 }, comment: null, serviceId: null, desk: null, complete: true, ...over,
});
const facts = (over: Partial<AnswerFacts> = {}): AnswerFacts => ({ now: NOW, withToken: false, isKnownService: (id) => id === 'vacancies', isInArchivedMonth: () => false, ...over });

describe('checks on an answer from a phone', () => {
  it('takes an answer born within the window, at its edges included', () => {
    for (const bornAt of [NOW, NOW - PUBLIC_ANSWER_MAX_AGE_MS, NOW + PUBLIC_ANSWER_MAX_AHEAD_MS]) expect(publicAnswerProblem(answer(bornAt), facts())).toBeNull();
  });

  it('refuses one born before the window, after it, or with an id made at another time', () => {
    expect(publicAnswerProblem(answer(NOW - PUBLIC_ANSWER_MAX_AGE_MS - 1), facts())).toMatch(/^bornAt/);
    expect(publicAnswerProblem(answer(NOW + PUBLIC_ANSWER_MAX_AHEAD_MS + 1), facts())).toMatch(/^bornAt/);
    expect(publicAnswerProblem(answer(NOW, { id: idAt(NOW - ID_TIME_TOLERANCE_MS - 1) }), facts())).toMatch(/^id/);
    expect(publicAnswerProblem(answer(NOW, { id: idAt(NOW - ID_TIME_TOLERANCE_MS) }), facts())).toBeNull();
  });

  it('refuses one dated in an archived month', () => {
    expect(publicAnswerProblem(answer(NOW), facts({ isInArchivedMonth: (ms) => ms === NOW }))).toMatch(/отчёт/);
  });

  it('a poster answer names no desk; a token\'s answer names the desk the token names (checked against it)', () => {
    expect(publicAnswerProblem(answer(NOW, { desk: 'Окно 3' }), facts())).toMatch(/^desk/);
    expect(publicAnswerProblem(answer(NOW, { desk: 'Окно 3', channel: 'visit-qr' }), facts({ withToken: true }))).toBeNull();
  });

  it('refuses a service the office does not offer', () => {
    expect(publicAnswerProblem(answer(NOW, { serviceId: 'made-up' }), facts())).toMatch(/^serviceId/);
    expect(publicAnswerProblem(answer(NOW, { serviceId: 'vacancies' }), facts())).toBeNull();
  });
});
